// VLM3xxx: shapes, dtypes and dimensions — what the shape rules and the elaborator's shape
// reporters say.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const shapes = {
  ShapeMismatch: kind("VLM3001", "shape mismatch", "compiler/elaborate/report/shapes.ts", {
    shapeRule: "{message}",
    ellipsis: "{what} is {got}, but `...` was bound to {bound}",
    axis: "{what} has shape {shape}, but axis {axis} is {got} where {expected}",
    axisNamed: "`{name}` = {value}",
    axisNamedBy: "`{name}` = {value} (set by {origin})",
    axisValue: "{value} was expected",
  }),
  DtypeMismatch: kind("VLM3002", "dtype mismatch", "compiler/elaborate/report/shapes.ts", {
    shapeRule: "{message}",
    floatConstant: "the float {value} cannot combine with a {dtype} tensor",
    signature: "{what} must be {dtype}, but is {got}",
  }),
  RankMismatch: kind("VLM3003", "rank mismatch", "compiler/elaborate/report/shapes.ts", {
    shapeRule: "{message}",
    signature: "{what} must have {rank} dimension{rank:s}, but is {got}",
    signatureAtLeast: "{what} must have at least {rank} dimension{rank:s}, but is {got}",
  }),
  RequireFailed: kind("VLM3004", "requirement violated", "compiler/elaborate/report/requires.ts", {
    withMessage: "{message}: {condition} does not hold",
    plain: "requirement {condition} does not hold",
    changeHint: "change the hyperparameters (a variant or -D override) so that it holds",
  }),
  NotDivisible: kind("VLM3005", "not divisible", "compiler/elaborate/expr.ts", {
    dimArithmetic: "{message}",
    shapeRule: "{message}",
    exactDivision: { message: "`/` needs an exact division: {reason}", hint: "use `//` for floor division, or write a float (e.g. 3.0) for a real quotient" },
  }),
  BadDim: kind("VLM3006", "invalid dimension", "compiler/elaborate/report/dim-values.ts", {
    negativeSize: "{op} would produce a tensor with a negative size ({shape})",
    dimArithmetic: "{message}",
    shapeRule: "{message}",
    notFinite: "{fn}({x}) is not a finite number",
    intFraction: { message: "int({x}) would drop a fraction", hint: "use `//` to floor" },
    intTooLarge: "int({x}) is too large for an integer (beyond 2^53)",
    queueSize: "queue {dim} must be a positive known integer, but got {got}",
    intTooLargeLiteral: "integer {text} is too large",
    floatNotFinite: "`{a} {op} {b}` is not a finite number",
    floatSize: { message: "{what} must be an integer, but is the float {value}", hint: "dimensions are integers: use int-valued hyperparameters, `//` for floor division, or int(…)" },
    notInteger: "{what} must be an integer, but is {got}",
    notPositive: { message: "{what} must be positive, but is {value}", hint: "check the hyperparameters this size is computed from" },
    paramEllipsis: "parameter `{name}` must have a fixed shape; `...` is only for signatures",
    inputEllipsis: "input `{name}` must have a definite rank; `...` is only for signatures",
  }),
  SymbolicParamShape: kind("VLM3007", "parameter shape depends on an input dimension", "compiler/elaborate/report/dim-values.ts", {
    inputDim: { message: "parameter `{name}` has a size that is {what}, known only when the model runs", hint: "a parameter's size is fixed before the model runs: give it as a hyperparameter (`hyper context = 77`) and slice the parameter to the input's length where needed (`pos.weight[:T]`)" },
  }),
  UndecidableCondition: kind("VLM3008", "condition not known at compile time", "compiler/elaborate/expr.ts", {
    comparison: { message: "`{a} {op} {b}` depends on input dimensions and cannot be decided at compile time", hint: "compare hyperparameters, or use `require` (checked when the model runs)" },
  }),
  IndexOutOfRange: kind("VLM3009", "index or axis out of range", "compiler/elaborate/indexing.ts", {
    shapeRule: "{message}",
    singleIndex: "lists and instance lists take a single index",
    listIndex: "index {index} is out of range for {count} element{count:s}",
    missingKey: { message: "`{list}` has no element {index}: its elements are {keys}", hint: "a list built with `for … if` names each element by its index in the range; test for one with `if {index} in {list}`" },
    ellipsisTwice: "an index may contain `...` only once",
    tooManyIndices: "{count} indices for a tensor of rank {rank}",
  }),
  SourceDtype: kind("VLM3010", "input dtype does not fit its data source", "compiler/elaborate/report/input-sources.ts", {
    misfit: { message: "input `{name}` cannot take {source}: it {misfit}", hint: "{source} needs {expects}" },
  }),
  SourceShape: kind("VLM3011", "input shape does not fit its data source", "compiler/elaborate/report/input-sources.ts", {
    misfit: { message: "input `{name}` cannot take {source}: it {misfit}", hint: "{source} needs {expects}" },
    sourceRule: "{message}",
  }),
  NegativeCount: kind("VLM3012", "range or repeat count runs backwards", "compiler/elaborate/expr.ts", {
    range: { message: "range {start}..{end} runs backwards: it would repeat {count} times", hint: "a repeat count must be zero or more; check the hyperparameter that sets it (a variant or -D override)" },
  }),
  InputDimAsNumber: kind("VLM3013", "an input dimension used as a number", "compiler/elaborate/report/input-dims.ts", {
    symbol: "{what} must be a number known when the model is compiled, but `{dim}` is an input dimension: its size is known only when the model runs",
    derived: "{what} must be a number known when the model is compiled, but `{dim}` depends on the input dimension{count:s} {symbols}, known only when the model runs",
    use: "an input dimension can size tensors (`f32[B, T, width]`, `x[:, :T]`); where a number is needed, give it as a hyperparameter (`hyper context = 77`)",
    useRuntime: "`float({dim})` is its value when the model runs, a scalar tensor for tensor math (`loss / float({dim})`, `sqrt(float({dim}))`); a number the compiler needs comes from a hyperparameter (`hyper context = 77`)",
  }),
} as const;
