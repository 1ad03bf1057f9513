// VLM2xxx: names, imports and calls — what resolution, the name checks and the elaborator's
// call reporters say.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const names = {
  UnknownName: kind("VLM2001", "unknown name", "compiler/checks/unknown-names.ts", {
    builtin: "unknown builtin `{name}`",
    unknown: "unknown {what} `{name}`",
    floorDivHint: "`//` is floor division; comments start with `#`",
    modelHyperHint: "`{name}` is a hyperparameter of model {model}; a block sees only its own parameters — add `{name}: int` to the block and pass it",
    importHint: "`{name}` is declared in {file}; add `import \"{file}\"`",
    type: "unknown type `{name}`",
    aliasHint: "write `{alias}`",
    typesHint: "types are {scalars} or a tensor type like f32[B, T]",
    dtype: "unknown dtype `{name}`",
    dtypesHint: "dtypes are {dtypes}",
    shapeName: "unknown name `{name}` in a tensor type",
    capitaliseHint: "shape symbols are Capitalised: write `{capitalised}` for a dimension bound by the call",
  }),
  DuplicateName: kind("VLM2002", "duplicate name", "compiler/checks/duplicate-names.ts", {
    instance: "an instance named `{path}` already exists",
    duplicate: { message: "duplicate {what} `{name}`", hint: "rename one of them" },
  }),
  ImportNotFound: kind("VLM2003", "import not found", "compiler/checks/imports.ts", {
    notVlm: { message: "cannot import \"{path}\": imports name .vlm files", hint: "write \"{path}.vlm\"" },
    notFound: "cannot find import \"{path}\" (looked for {resolved})",
    guessHint: "did you mean \"{guess}\"?",
    stdHint: "the std library has: {files}",
    relativeHint: "relative imports are resolved from the importing file's folder",
  }),
  ImportCycle: kind("VLM2004", "import cycle", "compiler/checks/import-cycles.ts", {
    cycle: { message: "import cycle: {cycle}", hint: "move the shared declarations into a file that both can import" },
  }),
  RecursiveBlock: kind("VLM2005", "recursive block or fn", "compiler/checks/recursive-blocks.ts", {
    callDepth: "calls nest deeper than {max} levels at {label}",
    selfCallHint: "a forward that calls its own instance never ends",
    instantiationDepth: { message: "block instantiation nests deeper than {max} levels at {block}", hint: "a block that (through a block-valued parameter) instantiates itself never ends" },
    blockCycle: { message: "block `{name}` instantiates itself: {cycle}", hint: "a block cannot contain itself; repeat layers with a list comprehension instead" },
    fnCycle: { message: "fn `{name}` calls itself: {cycle}", hint: "fns are unrolled when elaborated; write the repetition with a `for` loop" },
  }),
  UnknownMember: kind("VLM2006", "unknown member", "compiler/elaborate/report/member-access.ts", {
    tensorMember: { message: "a tensor has no member `{name}`", hint: "tensors have `shape`, `dtype` and `rank`" },
    noMember: "{what} has no member `{name}`",
    membersHint: "it has: {names}",
  }),
  UnknownArgument: kind("VLM2007", "unknown argument name", "compiler/elaborate/report/call-arguments.ts", {
    noParameter: "{callee} has no parameter `{name}`",
    parametersHint: "its parameters: {names}",
    noParametersHint: "{callee} takes no arguments",
  }),
  MissingArgument: kind("VLM2008", "missing argument", "compiler/elaborate/report/call-arguments.ts", {
    sourceBare: { message: "{source} is missing argument{count:s} {names}", hint: "write {source}({placeholders})" },
    missing: "{callee} is missing argument{count:s} {names}",
  }),
  TooManyArguments: kind("VLM2009", "too many arguments", "compiler/elaborate/report/call-arguments.ts", {
    tensorList: { message: "{op} takes its tensors as one list", hint: "{op}([a, b], …), not {op}(a, b, …)" },
    tooMany: "{callee} takes {count} argument{count:s}, but more were given",
    givenTwice: "{callee}: `{name}` is given twice",
  }),
  ArgumentType: kind("VLM2010", "wrong argument type", "compiler/elaborate/report/value-types.ts", {
    shapeRule: "{message}",
    attr: "`{attr}` of {fn} must be {needed}, but got {got}",
    inputRequired: "`{input}` of {op} is required, not none",
    inputList: "`{input}` of {op} must be a list of tensors, but got {got}",
    inputTensor: "`{input}` of {op} must be a tensor, but got {got}",
    emaDecay: "ema decay must be a number in (0, 1), but got {got}",
    initNumber: "`{param}` of {init} must be a number",
    queueInitDtype: {
      message: "a queue of {dtype} values must start from whole numbers, but {init}{given} draws real ones, which {dtype} would truncate",
      hint: "random starts are for feature queues; an integer queue starts from `init: zeros` or `init: constant(-1)`",
    },
    noReturn: { message: "{callee} ends without `return`, but declares a result {dtype}[…]", hint: "return the result on every path through the body" },
    tupleArity: { message: "{callee} returns {got} value{got:s}, but its return type declares {count}", hint: "return one value per declared type (`return a, b`), or change the return type" },
    hyperValue: "hyperparameter `{name}` must be a number, bool or string, but is {got}",
    inputType: "input `{name}` needs a tensor type such as f32[B, 3, 224, 224]",
    paramType: "parameter `{name}` needs a tensor type such as f32[out, in]",
    publishedFigure: "a published figure's {what} must be a non-negative number, but is {got}",
    requireNotBool: "a requirement must be a bool condition, but `{condition}` is {got}",
    notTensor: "{what} must be a tensor, but got {got}",
    dimNotInt: "a dimension must be an int, but got {got}",
    scalar: "{what} must be {needed}, but got {got}",
    intHint: "dimensions are integers; use `//` or `int(…)`",
    boolHint: "write `true` or `false`",
    variantKind: "variant `{variant}` sets `{name}` to {got}, but the hyperparameter is {expected}",
    decimalHint: "write it without a decimal point",
  }),
  WrongKind: kind("VLM2011", "wrong kind of value", "compiler/elaborate/report/value-types.ts", {
    notCallable: "{what} cannot be called",
    instanceListCallHint: "call its elements in order: `for layer in layers { x = layer(x) }`",
    operands: "`{op}` cannot combine {left} and {right}",
    twoInts: "`{op}` cannot combine two ints",
    twoNumbers: "`{op}` cannot combine two numbers",
    tensorOp: "`{op}` is not defined on tensors",
    tensorOpsHint: "tensors support + - * / % ^ @ and comparisons",
    notIndexable: { message: "{what} cannot be indexed; index its output", hint: "call it first: `{name}(…)[…]`" },
    emaOfList: { message: "ema needs an instance of a block, not a list of instances", hint: "wrap the layers in a block and take the momentum copy of that block" },
    emaOfModel: "ema needs an instance of a block, not the model",
    instanceListElement: "every element of an instance list must be an instance; element {index} is not",
    expected: "expected {needed}, but got {got}",
  }),
  UnusedInstance: kind("VLM2012", "unused instance", "compiler/checks/unused.ts", {
    one: { message: "instance `{name}`{where} is never used", hint: "call it, or remove it: its parameters still count in the total; if it exists to match a checkpoint, declare it `checkpoint {member} = …`" },
    many: { message: "instances `{pattern}`{where} ({count} of them) are never used", hint: "call it, or remove it: its parameters still count in the total; if it exists to match a checkpoint, declare it `checkpoint {member} = …`" },
  }, "warning"),
  UnusedParam: kind("VLM2013", "unused parameter", "compiler/checks/unused.ts", {
    one: { message: "parameter `{name}`{where} is never used", hint: "use it in a forward or remove it; if it exists to match a checkpoint, declare it `checkpoint param {member}: …`" },
    many: { message: "parameters `{pattern}`{where} ({count} of them) are never used", hint: "use it in a forward or remove it; if it exists to match a checkpoint, declare it `checkpoint param {member}: …`" },
  }, "warning"),
  UnnamedInstance: kind("VLM2014", "instance not declared in a body", "compiler/elaborate/report/instance-placement.ts", {
    unnamed: { message: "{block}(…) creates an instance, which must be declared by assignment in a block or model body", hint: "declare it in the body (`name = {block}(…)`) and call `name(…)` here" },
  }),
  UseBeforeDefinition: kind("VLM2015", "used before definition", "compiler/elaborate/expr.ts", {
    notYet: "`{name}` is not defined at this point",
    notYetHint: "it is declared later, or under a condition that is false for this configuration",
  }),
  VariantUnknownHyper: kind("VLM2016", "variant sets an unknown hyperparameter", "compiler/elaborate/report/variants.ts", {
    notHyper: "variant `{variant}` sets `{name}`, which is not a hyperparameter",
    declareHint: "declare it with `hyper` first",
  }),
  UnknownMode: kind("VLM2017", "unknown forward mode", "compiler/elaborate/report/member-access.ts", {
    noDefault: "{label} has no default forward",
    noMode: "{label} has no forward mode `{mode}`",
    modesHint: "its modes: {modes}",
    defaultModesHint: "its modes: {modes}; call one as `{instance}.{mode}(…)`",
    declareHint: "declare one with `forward(...) { ... }` in the block",
  }),
  UnusedInput: kind("VLM2018", "unused input", "compiler/checks/unused.ts", {
    unused: { message: "input `{name}` is never used", hint: "pass it where it is needed, or remove it" },
  }, "warning"),
  EmptyRepeat: kind("VLM2019", "repeated layers with a count of zero", "compiler/checks/empty-repeats.ts", {
    zero: { message: "`{path}` repeats its layer 0 times: the model has none of these layers", hint: "if that is meant, ignore this; otherwise check the count's hyperparameter (a variant or -D override)" },
  }, "warning"),
  PublishedVariant: kind("VLM2029", "published claim for an unknown or repeated variant", "compiler/checks/published-variants.ts", {
    unknown: "`published {name} … for {variant}`: model {model} has no variant `{variant}`",
    configurationsHint: "{suggestion} its configurations: {variants}",
    twice: { message: "`published {name}` is claimed twice for {variant}", hint: "a variant gets one figure per name: remove one claim, or name them apart" },
  }),
  BlockDerivation: kind("VLM2030", "invalid block derivation", "compiler/checks/block-derivations.ts", {
    notBlock: { message: "`{name}` is {what}, not a block: only a block can be derived from", hint: "write `block {derived} = SomeBlock with { member = … }`" },
    notOverride: { message: "a derived block's body only overrides members: `name = …` or `param name: …`", hint: "to add parameters, forwards or other statements, write a new block that contains {base}" },
    noMember: "{base} has no member `{name}` to override",
    membersHint: "its members: {names}",
    parameter: { message: "`{name}` is a parameter of {base}, not a member: it cannot be overridden", hint: "pass it when instantiating: `{base}(…, {name}: …)`" },
    kindMismatch: { message: "`{name}` is {was} in {base}; its override must be {was} too, not {given}", hint: "an override replaces a member with one of the same kind" },
  }),
} as const;
