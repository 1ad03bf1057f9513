// The one catalog of diagnostic codes and of every sentence they say. Ranges: VLM1xxx syntax,
// 2xxx names/imports/calls, 3xxx shapes and dtypes, 4xxx sharing, 5xxx objectives and stages,
// 6xxx CLI and I/O (60xx the command line, 61xx running a model, 62xx weights and checkpoints,
// 63xx data sets, 64xx training).
// `check` names the module that reports the code (op shape rules report VLM3xxx codes too); tests
// assert codes are unique, that every code has a fixture under test/fixtures/errors/, and that
// the named module is among the files that report it.
// `messages` are the code's sentences as templates (see template.ts): call sites fill them with
// `say(Diag.X, "name", { … })`, so the text of a message is read here, not at the call site.
// Runtime codes (61xx–64xx) still write their sentences at their call sites for now.
import type { Templates } from "./template.js";

export type Severity = "error" | "warning";

export interface DiagnosticKind<M extends Templates = Templates> {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly check: string;
  readonly messages: M;
}

function kind<const M extends Templates = {}>(code: string, title: string, check: string, messages: M = {} as M, severity: Severity = "error"): DiagnosticKind<M> {
  return { code, severity, title, check, messages };
}

export const Diag = {
  // ---- 1xxx syntax
  LexError: kind("VLM1001", "unexpected character", "grammar/parse.ts", {
    unterminated: { message: "unterminated string", hint: "close the string with `\"` on the same line" },
    character: "unexpected character `{text}`",
    ampersandHint: "write `and`",
    barHint: "write `or`",
    bangHint: "write `not` (and `!=` for inequality)",
    quoteHint: "strings use double quotes: \"…\"",
    nonAscii: { message: "names must be ASCII, but `{word}` contains `{char}`{more}", hint: "names use ASCII letters, digits and `_`; non-ASCII text is fine in comments and strings" },
    nonAsciiMore: " (and {count} more non-ASCII character{count:s} in names)",
  }),
  ParseError: kind("VLM1002", "syntax error", "grammar/parse.ts", {
    expected: "expected {expected} but found {found}",
    topLevel: { message: "unexpected {found} at the top level", hint: "a file holds `import`, `block`, `fn` and `model` declarations; check for an unbalanced `}`" },
    unexpected: "unexpected {found} {where}",
    namedArgumentHint: "arguments are named with a colon: `f(std: 0.02)`",
    conditionalHint: "a conditional expression is written `if c then a else b`",
    assignmentHint: "assignment is `name = value`",
    nesting: { message: "brackets nest more than {max} levels deep", hint: "split the expression into named steps" },
  }),
  StatementContext: kind("VLM1003", "statement not allowed here", "compiler/checks/statement-context.ts", {
    notHere: "`{keyword}` is not allowed here; it belongs {where}",
    thrownAway: { message: "this expression is computed and thrown away", hint: "assign it (`name = …`), or check the line above for a stray token" },
  }),
  InvalidSyntaxForm: kind("VLM1004", "invalid form", "grammar/parse.ts", {
    astBuilder: "{message}",
  }),

  // ---- 2xxx names, imports, calls
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
    noReturn: { message: "{callee} ends without `return`, but declares a result {dtype}[…]", hint: "return the result on every path through the body" },
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
    tensorOpsHint: "tensors support + - * / ^ @ and comparisons",
    notIndexable: { message: "{what} cannot be indexed; index its output", hint: "call it first: `{name}(…)[…]`" },
    emaOfList: { message: "ema needs an instance of a block, not a list of instances", hint: "wrap the layers in a block and take the momentum copy of that block" },
    emaOfModel: "ema needs an instance of a block, not the model",
    instanceListElement: "every element of an instance list must be an instance; element {index} is not",
    expected: "expected {needed}, but got {got}",
  }),
  UnusedInstance: kind("VLM2012", "unused instance", "compiler/checks/unused.ts", {
    one: { message: "instance `{name}`{where} is never used", hint: "call it, or remove it: its parameters still count in the total" },
    many: { message: "instances `{pattern}`{where} ({count} of them) are never used", hint: "call it, or remove it: its parameters still count in the total" },
  }, "warning"),
  UnusedParam: kind("VLM2013", "unused parameter", "compiler/checks/unused.ts", {
    one: { message: "parameter `{name}`{where} is never used", hint: "use it in a forward or remove it" },
    many: { message: "parameters `{pattern}`{where} ({count} of them) are never used", hint: "use it in a forward or remove it" },
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

  // ---- 3xxx shapes and dtypes
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
    inputDim: { message: "parameter `{name}` has a size that is {what}", hint: "parameter sizes come from hyperparameters; slice the parameter to the input length instead" },
  }),
  UndecidableCondition: kind("VLM3008", "condition not known at compile time", "compiler/elaborate/expr.ts", {
    symbolicMath: "{fn} of a symbolic dimension is not known at compile time",
    notKnown: "{what} must be known at compile time, but is {value}",
    symbolicFloat: "cannot mix a symbolic dimension with a float (`{op}`)",
    comparison: { message: "`{a} {op} {b}` depends on input dimensions and cannot be decided at compile time", hint: "compare hyperparameters, or use `require` (checked when the model runs)" },
  }),
  IndexOutOfRange: kind("VLM3009", "index or axis out of range", "compiler/elaborate/indexing.ts", {
    shapeRule: "{message}",
    singleIndex: "lists and instance lists take a single index",
    listIndex: "index {index} is out of range for {count} element{count:s}",
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

  // ---- 4xxx sharing
  SharePatternEmpty: kind("VLM4001", "share pattern matches nothing", "compiler/elaborate/report/share-patterns.ts", {
    noMatch: "`{pattern}` matches no parameter",
    exceptNothing: "this exception excludes nothing the share pattern matched",
    emptyScopeHint: "no parameters are declared under this scope",
  }),
  ShareShapeMismatch: kind("VLM4002", "shared parameters differ in shape", "compiler/elaborate/report/share-shapes.ts", {
    shapes: { message: "cannot share `{a}` {aType} with `{b}` {bType}{more}", hint: "shared parameters are one tensor; the two instances must be configured with the same sizes" },
    more: " (and {count} more pairs)",
  }),
  ShareWithMomentum: kind("VLM4003", "instance shared with its own momentum copy", "compiler/elaborate/report/momentum-sharing.ts", {
    momentumCopy: { message: "`{copy}` is a momentum copy of `{source}` and cannot share parameters with it", hint: "a momentum copy follows its source by moving average; remove the share, or share with a different instance" },
  }),
  FrozenSharedConflict: kind("VLM4004", "shared parameter both frozen and trained", "compiler/checks/stage-freezing.ts", {
    conflict: { message: "stage `{stage}` freezes `{frozen}` but trains `{trained}`, which is the same shared tensor{more}", hint: "freeze both names or neither, e.g. add `{owner}.**` to the freeze list or except `{frozen}`" },
    more: " (and {count} more shared tensors)",
  }),
  ShareConflict: kind("VLM4005", "parameter shared twice", "compiler/elaborate/report/share-patterns.ts", {
    self: "`{name}` cannot be shared with itself",
    twice: "`{name}` is already shared with `{owner}`",
    cycle: "sharing `{name}` with `{owner}` would make a cycle (`{owner}` is already an alias of `{name}`)",
    oneOwnerHint: "each parameter can be an alias of only one owner; remove one of the share statements",
  }),
  ShareTargetMissing: kind("VLM4006", "share source has no matching parameter", "compiler/elaborate/report/share-patterns.ts", {
    missing: { message: "`{target}` would share with `{source}`, which does not exist{more}", hint: "exclude the parameters that have no counterpart with `except`, or fix the source path" },
    more: " (and {count} more)",
  }),
  ShareWildcards: kind("VLM4007", "share patterns use different wildcards", "compiler/elaborate/report/share-patterns.ts", {
    tieWildcards: { message: "`tie` links single parameters; its paths cannot contain `*` or `**`", hint: "use `share … with …` for patterns" },
    different: { message: "the two sides of a share must use the same wildcards: `{target}` has [{targetWild}] but `{source}` has [{sourceWild}]", hint: "each wildcard of the first path is copied into the second" },
  }),

  // ---- 5xxx objectives and stages
  ObjectiveNotScalar: kind("VLM5001", "objective is not a scalar", "compiler/elaborate/report/objectives.ts", {
    notScalar: "objective `{name}` must be a scalar loss f32[], but is {got}",
    reduceHint: "reduce it, e.g. mean(loss) or a loss with reduction \"mean\"",
  }),
  ObjectiveInputs: kind("VLM5002", "objective inputs do not fit", "compiler/elaborate/calls.ts"),
  CaptionNotCausal: kind("VLM5003", "captioning over a decoder without a causal mask", "compiler/checks/caption-causality.ts", {
    notCausal: { message: "objective `{objective}` predicts tokens of {inputs}, but the attention in {scope} lets each position see later tokens (no causal mask)", hint: "give the decoder's self-attention a causal mask (causal_mask(T), or a block_mask with a causal text segment)" },
    theModel: "the model",
  }),
  UnknownObjective: kind("VLM5004", "stage names an unknown objective", "compiler/elaborate/report/stages.ts", {
    leftOut: { message: "stage `{stage}` names objective `{name}`, which this configuration leaves out", hint: "its declaration is under a condition that is false here; guard the stage the same way, or enable the objective" },
    undeclared: "stage `{stage}` names objective `{name}`, which is not declared",
    objectivesHint: "objectives: {names}",
    declareHint: "declare it with `objective name = …`",
  }),
  FreezePatternEmpty: kind("VLM5005", "freeze pattern matches nothing", "compiler/elaborate/report/stages.ts", {
    exceptNothing: "`{pattern}` excludes nothing that is frozen",
    noMatch: "freeze pattern `{pattern}` matches no parameter",
  }),
  GroupOverlap: kind("VLM5006", "parameter groups overlap", "compiler/elaborate/report/groups.ts", {
    overlap: { message: "group `{group}` overlaps group `{other}` in {count} parameter{count:s} (e.g. `{example}`); they count in `{other}`", hint: "narrow the patterns so that every parameter is in at most one group" },
  }, "warning"),
  ObjectiveWeight: kind("VLM5007", "invalid objective weight", "compiler/elaborate/report/objectives.ts", {
    notPositive: "the weight of objective `{name}` must be a positive number, but is {got}",
  }),
  GroupPatternEmpty: kind("VLM5008", "group pattern matches nothing", "compiler/elaborate/report/groups.ts", {
    noMatch: "group `{group}`: `{pattern}` matches no parameter",
  }),
  PublishedPatternEmpty: kind("VLM5009", "published-figure pattern matches nothing", "compiler/elaborate/report/published.ts", {
    noMatch: "published figure `{name}`: `{pattern}` matches no learned parameter",
  }),
  PublishedMismatch: kind("VLM5010", "published figure not reproduced", "compiler/checks/published.ts", {
    mismatch: { message: "published figure `{name}` is {claim}, but the spec has {counted} parameters {scope} (off by {off})", hint: "check the configuration against the source, or what the published figure includes (`over …`)" },
    tolerance: "{value} ± {tolerance}",
    over: "over {names}",
    total: "in total",
  }, "warning"),
  StageTrainsNothing: kind("VLM5011", "stage trains nothing", "compiler/checks/stage-training.ts", {
    nothing: { message: "stage `{stage}` trains no parameter: everything its objectives ({objectives}) reach is frozen", hint: "unfreeze what the stage should train (`freeze … except …`)" },
  }, "warning"),
  EnqueueTarget: kind("VLM5012", "enqueue into something that is not a queue", "compiler/elaborate/report/queue-writes.ts", {
    notQueue: { message: "enqueue writes into a feature queue made by `queue(…)`, but its first argument is {got}", hint: "the queue comes first, exactly as `queue(…)` made it: `image_queue = queue(size, width)` in the model body, then `enqueue(image_queue, features)`" },
  }),
  NotASource: kind("VLM5013", "not a data source", "compiler/elaborate/report/input-sources.ts", {
    notSource: "an input's `from` needs a data source, but this is {got}",
  }),
  SourceArgument: kind("VLM5014", "invalid data source argument", "compiler/elaborate/report/input-sources.ts", {
    choice: "`{arg}` of {source} must be a string, one of {choices}, but is {got}",
    channels: "`{arg}` of {source} must be a list of numbers, one per channel, but {got}",
    channelsHint: "write [{value}, {value}, {value}] for three channels",
    sourceRule: "{message}",
  }),
  CaptionlessSource: kind("VLM5015", "caption mask or word indices without their caption", "compiler/elaborate/report/input-sources.ts", {
    sourceRule: "{message}",
  }),

  // ---- 6xxx CLI and I/O
  FileNotFound: kind("VLM6001", "cannot read file", "compiler/resolve/program.ts", {
    directory: "'{file}' is a directory, not a spec file",
    emptyDirectoryHint: "give a .vlm file",
    directoryHint: "give one of its specs, e.g. {example}",
    unreadableSpec: { message: "cannot read '{file}'", hint: "check the path; specs end in .vlm" },
    unreadableIr: { message: "cannot read '{file}'", hint: "check the path; `vlmc ir SPEC --json > FILE.json` writes one" },
    operand: "{message}",
    unreadable: "cannot read '{file}'",
  }),
  UnknownVariant: kind("VLM6002", "unknown variant", "compiler/elaborate/report/variants.ts", {
    noVariant: "model {model} has no variant `{name}`",
    variantsHint: "{suggestion} variants: {variants}",
    noVariantsHint: "this model declares no variants",
  }),
  BadOverride: kind("VLM6003", "invalid override", "compiler/elaborate/report/variants.ts", {
    kind: "-D {name}={value}: `{name}` is {expected} hyperparameter, and `{value}` is not {expected}",
    intRangeHint: "integers must lie within ±2^53",
    intHint: "sizes and counts are integers",
    boolHint: "write true or false",
    unknown: "-D {name}: model {model} has no hyperparameter `{name}`",
    hypersHint: "its hyperparameters: {names}",
  }),
  NoModel: kind("VLM6004", "no model in file", "compiler/compile.ts", {
    noSuchModel: "{file} has no model `{name}`",
    modelsHint: "models: {names}",
    none: "{file} declares no model",
    several: "{file} declares several models; pick one with --model",
    noneHint: "a spec declares `model Name { … }`; std files only declare blocks",
  }),
  ElaborationLimit: kind("VLM6005", "elaboration limit exceeded", "compiler/elaborate/interp.ts", {
    steps: { message: "elaboration takes more than {max} steps", hint: "check loop and comprehension bounds; a real model needs far fewer" },
    nodes: { message: "the model grows beyond {max} operations", hint: "check repeat counts and loop bounds; a real model needs far fewer" },
    rangeLength: "range {start}..{end} is too long to unroll",
    callStack: { message: "the spec nests too deeply to compile (the call stack ran out)", hint: "split very long or deeply nested expressions into named steps" },
  }),
  Usage: kind("VLM6006", "usage error", "cli/main.ts", {
    oneFile: { message: "{command} takes exactly one file", hint: "vlmc {command} specs/models/clip.vlm" },
    savedIr: { message: "{file} is a saved IR: --variant, --model and -D apply to specs only", hint: "the IR was written for one configuration; write it again from the spec to change it" },
    arguments: { message: "{message}", hint: "vlmc --help lists the commands and options" },
    noTargets: "model {model} has no {what} {names}",
    targetsHint: "{what}s: {names}",
    noTargetsHint: "the model declares no {what}s",
    diffFiles: { message: "diff takes two specs, not {count}", hint: "vlmc diff specs/models/albef.vlm specs/models/blip.vlm#base" },
    diffSections: { message: "--only takes sections from {sections}, not '{unknown}'", hint: "e.g. --only params,sharing" },
    trainSteps: { message: "train needs --steps N (or --resume to continue a run)", hint: "vlmc train specs/models/clip.vlm --variant tiny --steps 30" },
    dataArguments: "data {sub}: unexpected arguments {rest}",
    dataCommand: "data takes pack or inspect{not}",
    dataCommandNot: ", not '{sub}'",
    dataPackFlags: "data pack needs {flags}",
  }),
  UnknownStage: kind("VLM6007", "unknown stage", "cli/ir-options.ts", {
    noStage: "model {model} has no stage `{stage}`",
    stagesHint: "stages: {names}",
    noStagesHint: "this model declares no stages",
  }),
  IrFile: kind("VLM6008", "not a vlmc IR file", "compiler/ir/serialize.ts", {
    notJson: "{file} is not a vlmc IR file: it is not JSON ({reason})",
    notIr: "{file} is not a vlmc IR file: {reason}",
    formatIs: "its \"format\" is {found}",
    noFormat: "it has no \"format\": \"{format}\"",
    noVersion: "{file} has no valid \"version\" (found {found})",
    version: "{file} is in IR format version {version}, which this vlmc does not read (it reads version {supported})",
    newerHint: "it was written by a newer vlmc; update vlmc",
    malformed: "{file} is malformed at {path}: {problem}",
    notWellFormed: "{file} is not a well-formed graph: {problems}{more}",
    more: " (and {count} more)",
    rewriteHint: "write it again with `vlmc ir SPEC --json`",
  }),
  UnknownDim: kind("VLM6009", "--dim names no dimension of the model", "cli/ir-options.ts", {
    noDim: "--dim {name}: model {model} has no dimension `{name}`",
    dimsHint: "its inputs are declared over {names}",
    noDimsHint: "its inputs have no symbolic dimensions",
  }),
  SpecTooLarge: kind("VLM6010", "spec exceeds the size or token budget", "grammar/budget.ts", {
    chars: { message: "'{file}' is too large to compile ({size}; the limit is {limit})", hint: "split the spec into files joined by `import`, or check that this is the file you meant" },
    tokens: { message: "'{file}' holds too many tokens to compile (more than {limit})", hint: "split the spec into files joined by `import`, or check that this is the file you meant" },
  }),
  NotText: kind("VLM6011", "not a text file", "compiler/resolve/source-guard.ts", {
    binary: { message: "'{file}' is not a text file", hint: "a spec is UTF-8 text ending in .vlm; check the path" },
  }),
  EmptySpec: kind("VLM6012", "empty spec file", "compiler/resolve/source-guard.ts", {
    empty: { message: "'{file}' is empty", hint: "a spec declares `model Name { … }` (see specs/models/)" },
  }),
  FormatWrite: kind("VLM6020", "cannot write the formatted file", "cli/commands/fmt.ts", {
    cannotWrite: { message: "cannot write '{file}' ({reason})", hint: "the file is left as it was" },
  }),

  // ---- 61xx running a model (runtime/)
  BackendUnavailable: kind("VLM6101", "backend unavailable", "runtime/backend.ts"),
  InputMissing: kind("VLM6102", "model input missing", "runtime/feeds.ts"),
  InputUnknown: kind("VLM6103", "unknown model input", "runtime/feeds.ts", {
    notInput: { message: "{file} holds `{name}`, which is not an input of model {model}", hint: "its inputs: {inputs}" },
    none: "(none)",
  }),
  InputShape: kind("VLM6104", "input shape does not fit", "runtime/feeds.ts", {
    syntheticSize: { message: "the size `{dim}` of input `{name}` {shape} is not known for synthetic inputs", hint: "give it with --dim {dim}=N, or pass real inputs with --inputs" },
  }),
  InputDtype: kind("VLM6105", "input dtype does not fit", "runtime/feeds.ts", {
    stored: "{file}: `{name}` is stored as {stored}, but the spec declares {declared}",
  }),
  RunAssertion: kind("VLM6106", "run-time condition violated", "runtime/dims.ts"),
  OutOfMemory: kind("VLM6107", "run does not fit in memory", "runtime/memory.ts"),
  InputValues: kind("VLM6108", "input values out of range", "runtime/feeds.ts", {
    inputs: "{file}: {problem}",
  }),

  // ---- 64xx training (runtime/train/)
  NothingToTrain: kind("VLM6401", "nothing to train", "runtime/train/stage.ts"),
  NonFiniteLoss: kind("VLM6402", "loss is not finite", "runtime/train/trainer.ts"),
  CheckpointMismatch: kind("VLM6403", "checkpoint does not fit this run", "runtime/train/checkpoint.ts", {
    noCheckpoint: "there is no {checkpoint} in {folder} to resume from",
    noCheckpointHint: "give the --out folder of the run to continue",
    resumeFlags: { message: "--resume continues the run in the checkpoint exactly, but {differences}", hint: "leave these flags out (the checkpoint's values are used), or start a new run in another --out folder" },
  }),
  RunFolderTaken: kind("VLM6404", "output folder holds another run", "cli/commands/train.ts", {
    taken: { message: "{folder} already holds a training run ({checkpoint})", hint: "continue it with --resume, or give another --out folder" },
  }),

  // ---- 62xx weights and checkpoints (runtime/weights/)
  WeightsFile: kind("VLM6201", "unreadable weights file", "runtime/weights/safetensors.ts", {
    inputs: "{file}: {problem}",
  }),
  WeightMissing: kind("VLM6202", "tensor missing from weights", "runtime/weights/load-plan.ts"),
  WeightUnexpected: kind("VLM6203", "unexpected tensor in weights", "runtime/weights/load-plan.ts"),
  WeightShape: kind("VLM6204", "tensor shape does not fit", "runtime/weights/load-plan.ts"),
  WeightDtype: kind("VLM6205", "tensor dtype does not fit", "runtime/weights/load.ts"),
  WeightMap: kind("VLM6206", "invalid weight map", "runtime/weights/map.ts", {
    noShippedMap: "there is no shipped weight map `{map}`",
    mapsHint: "shipped maps: {names}; or give the path of a map file",
    pathHint: "give the path of a map file",
  }),
  WeightConflict: kind("VLM6207", "copies of a shared tensor disagree", "runtime/weights/load.ts"),
  WeightFilled: kind("VLM6208", "state filled in from the model", "runtime/weights/load-plan.ts", {}, "warning"),

  // ---- 63xx data sets: packing image–caption pairs, reading them back for training (runtime/data/)
  DataInput: kind("VLM6301", "cannot read the data to pack", "runtime/data/pack.ts"),
  TokenizerFiles: kind("VLM6302", "unusable tokenizer files", "runtime/data/tokenizer.ts"),
  CaptionSkipped: kind("VLM6303", "caption line skipped", "runtime/data/captions.ts", {}, "warning"),
  ImageSkipped: kind("VLM6304", "image skipped", "runtime/data/pack.ts", {}, "warning"),
  NothingPacked: kind("VLM6305", "no example could be packed", "runtime/data/pack.ts"),
  PackWrite: kind("VLM6306", "cannot write the pack", "runtime/data/shard-writer.ts"),
  DataManifest: kind("VLM6307", "missing or damaged data manifest", "runtime/data/manifest.ts"),
  DataShard: kind("VLM6308", "missing or damaged data shard", "runtime/data/dataset.ts"),
  DataMismatch: kind("VLM6309", "data does not fit the model", "runtime/data/fit.ts"),
  InputNoSource: kind("VLM6310", "model input has no data source", "runtime/data/fit.ts"),
  DataPreprocessing: kind("VLM6311", "data prepared differently from the model's declaration", "runtime/data/fit.ts", {}, "warning"),
} as const satisfies Record<string, DiagnosticKind>;

export type DiagName = keyof typeof Diag;
