// VLM65xx: emitting a model for another engine (compiler/emit/) and writing what was emitted.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const emit = {
  OnnxUnsupported: kind("VLM6501", "not expressible in ONNX", "compiler/emit/onnx/emit.ts", {
    op: {
      message: "`{op}` cannot be expressed in an ONNX graph: {reason}",
      hint: "leave out what needs it: ask for other --outputs or --objectives (vlmc ir {file} lists what each one reads)",
    },
    random: "it draws random numbers from vlmc's own streams, which no ONNX runtime reproduces",
    effect: "it changes the model's state after a training step",
    dtype: "its {dtype} tensors have no ONNX Runtime CPU kernels here; vlmc emits f32, i32, i64 and bool",
    noLowering: "vlmc has no ONNX lowering for it",
  }),
  OnnxOpset: kind("VLM6502", "unsupported ONNX opset", "compiler/emit/onnx/emit.ts", {
    range: { message: "--opset {opset}: vlmc emits ONNX opsets {min} to {max}", hint: "the default, {default}, has fused attention, LayerNorm and GELU" },
  }),
  OnnxDim: kind("VLM6503", "dimension not computable in the graph", "compiler/emit/onnx/dims.ts", {
    unbound: {
      message: "the graph needs the size `{dim}`, but no input it reads has an axis of that size",
      hint: "add an output that reads an input declared over `{dim}`, or fix it with --dim {dim}=N",
    },
  }),
  LeftOut: kind("VLM6504", "values left out of the graph", "compiler/emit/onnx/emit.ts", {
    skipped: { message: "left out {count} value{count:s} that ONNX cannot express: {names}", hint: "--outputs NAME,… picks values explicitly; an explicit choice that needs such an op is an error naming it" },
  }, "warning"),
  NothingToEmit: kind("VLM6507", "nothing to emit", "compiler/emit/onnx/emit.ts", {
    empty: { message: "model {model} has nothing to emit: no named value or objective that ONNX can express was asked for", hint: "give --outputs or --objectives (vlmc summary lists them), or --mode for one instance's forward" },
  }),
  UnknownCall: kind("VLM6506", "unknown forward mode", "compiler/emit/onnx/cut.ts", {
    unknown: { message: "model {model} makes no call `{mode}`", hint: "{suggestion}calls it makes, outermost first: {modes} (an instance path, then `.mode` for a named forward; `@1` for its second call)" },
    none: "(none)",
  }),
  SourceTarget: kind("VLM6508", "not expressible in generated code", "cli/commands/compile-source.ts", {
    problem: { message: "generated {target} cannot express this: {what}", hint: "the spec itself is valid (vlmc run runs it): change it here, or report the gap in vlmc's {target} target" },
    savedIr: { message: "--target {target} generates code from the spec's source, and {file} is a saved IR", hint: "compile the .vlm spec the IR was made from" },
  }),
  CompileWrite: kind("VLM6505", "cannot write the compiled output", "cli/commands/compile-out.ts", {
    write: { message: "cannot write {dir}: {reason}", hint: "check the folder's permissions and free space; nothing in it was changed" },
    notFolder: { message: "--out {dir} is a file, not a folder", hint: "give a folder; it is created if missing" },
  }),
} as const;
