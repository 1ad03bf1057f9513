// VLM61xx: running a model (runtime/): backends, inputs, run-time conditions, memory.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const run = {
  BackendUnavailable: kind("VLM6101", "backend unavailable", "runtime/backend.ts", {
    requested: "the {backend} backend is not available ({failures})",
    none: "no TensorFlow.js backend could start ({failures})",
    tensorflowHint: "install @tensorflow/tfjs-node (or -gpu) where libtensorflow can be downloaded, or use --backend wasm",
    cpuHint: "try --backend cpu",
    onnxHint: "npm install onnxruntime-node (its CPU binary ships in the package; set onnxruntime-node-install=skip in .npmrc where its GPU download cannot run), or use a TensorFlow.js backend",
  }),
  InputMissing: kind("VLM6102", "model input missing", "runtime/feeds.ts", {
    notGiven: "input `{name}` {type} is not given",
  }),
  InputUnknown: kind("VLM6103", "unknown model input", "runtime/feeds.ts", {
    notInput: { message: "{file} holds `{name}`, which is not an input of model {model}", hint: "its inputs: {inputs}" },
    noInput: { message: "the model has no input `{name}`", hint: "its inputs: {inputs}" },
    none: "(none)",
  }),
  InputShape: kind("VLM6104", "input shape does not fit", "runtime/feeds.ts", {
    syntheticSize: { message: "the size `{dim}` of input `{name}` {shape} is not known for synthetic inputs", hint: "give it with --dim {dim}=N, or pass real inputs with --inputs" },
    rank: "input `{name}` has shape [{shape}] (rank {rank}), but the spec declares {declared} (rank {declaredRank})",
    disagree: { message: "input `{name}` has {size} on axis {axis}, but `{dim}` = {seen} (from {origin})", hint: "every use of `{dim}` in one run must agree" },
    fromAxis: "axis {axis} of input `{name}`",
    fromFlag: "--dim {dim}={value}",
    undetermined: { message: "the size `{dim}` of input `{name}` {shape} is not determined by any input", hint: "fix it with --dim {dim}=N" },
    sizes: "input `{name}` has shape [{shape}], but the spec declares {declared} = [{expected}]",
  }),
  InputDtype: kind("VLM6105", "input dtype does not fit", "runtime/feeds.ts", {
    stored: "{file}: `{name}` is stored as {stored}, but the spec declares {declared}",
    given: "input `{name}` is {given}, but the spec declares {declared}",
  }),
  RunAssertion: kind("VLM6106", "run-time condition violated", "runtime/dims.ts", {
    violated: "{message} ({lhs} {op} {rhs} is {l} {op} {r})",
  }),
  OutOfMemory: kind("VLM6107", "run does not fit in memory", "runtime/memory.ts", {
    estimate: "this run needs about {total} ({parts}), more than {limit}: {bytes}",
    parts: "state {state}{packed}, inputs {inputs}, activations {activations}",
    packed: ", packed weights {bytes}",
    batchHint: "use a smaller --batch (activations grow with it){wasm}",
    batchWasmHint: ", or --backend cpu, which is not bound by the 4 GiB WASM heap",
    wasmHint: "use --backend cpu, which is not bound by the 4 GiB WASM heap",
    variantHint: "use a smaller variant",
    heapFull: { message: "the WASM heap is full: it could not give {bytes} more bytes (it stops at 4 GiB)", hint: "use a smaller --batch, or --backend cpu, which is not bound by the 4 GiB WASM heap" },
  }),
  InputValues: kind("VLM6108", "input values out of range", "runtime/feeds.ts", {
    inFile: "{file}: {problem}",
    outOfRange: { message: "input `{name}` holds {value} at flat position {position}, but its values index a table of {rows} rows", hint: "ids must be in [0, {rows})" },
  }),
} as const;
