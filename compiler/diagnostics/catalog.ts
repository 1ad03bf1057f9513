// The one catalog of diagnostic codes. Ranges: VLM1xxx syntax, 2xxx names/imports/calls,
// 3xxx shapes and dtypes, 4xxx sharing, 5xxx objectives and stages, 6xxx CLI and I/O (60xx the
// command line, 61xx running a model, 62xx weights and checkpoints, 63xx data sets).
// `check` names the module that reports the code (op shape rules report VLM3xxx codes too); a test asserts codes are unique and that every
// code has at least one fixture under test/fixtures/errors/.

export type Severity = "error" | "warning";

export interface DiagnosticKind {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly check: string;
}

function kind(code: string, title: string, check: string, severity: Severity = "error"): DiagnosticKind {
  return { code, severity, title, check };
}

export const Diag = {
  // ---- 1xxx syntax
  LexError: kind("VLM1001", "unexpected character", "grammar/parse.ts"),
  ParseError: kind("VLM1002", "syntax error", "grammar/parse.ts"),
  StatementContext: kind("VLM1003", "statement not allowed here", "compiler/checks/statement-context.ts"),
  InvalidSyntaxForm: kind("VLM1004", "invalid form", "grammar/parse.ts"),

  // ---- 2xxx names, imports, calls
  UnknownName: kind("VLM2001", "unknown name", "compiler/checks/unknown-names.ts"),
  DuplicateName: kind("VLM2002", "duplicate name", "compiler/checks/duplicate-names.ts"),
  ImportNotFound: kind("VLM2003", "import not found", "compiler/checks/imports.ts"),
  ImportCycle: kind("VLM2004", "import cycle", "compiler/checks/import-cycles.ts"),
  RecursiveBlock: kind("VLM2005", "recursive block or fn", "compiler/checks/recursive-blocks.ts"),
  UnknownMember: kind("VLM2006", "unknown member", "compiler/checks/member-access.ts"),
  UnknownArgument: kind("VLM2007", "unknown argument name", "compiler/checks/call-arguments.ts"),
  MissingArgument: kind("VLM2008", "missing argument", "compiler/checks/call-arguments.ts"),
  TooManyArguments: kind("VLM2009", "too many arguments", "compiler/checks/call-arguments.ts"),
  ArgumentType: kind("VLM2010", "wrong argument type", "compiler/checks/value-types.ts"),
  WrongKind: kind("VLM2011", "wrong kind of value", "compiler/checks/value-types.ts"),
  UnusedInstance: kind("VLM2012", "unused instance", "compiler/checks/unused.ts", "warning"),
  UnusedParam: kind("VLM2013", "unused parameter", "compiler/checks/unused.ts", "warning"),
  UnnamedInstance: kind("VLM2014", "instance not declared in a body", "compiler/checks/instance-placement.ts"),
  UseBeforeDefinition: kind("VLM2015", "used before definition", "compiler/checks/unknown-names.ts"),
  VariantUnknownHyper: kind("VLM2016", "variant sets an unknown hyperparameter", "compiler/checks/variants.ts"),
  UnknownMode: kind("VLM2017", "unknown forward mode", "compiler/checks/member-access.ts"),
  UnusedInput: kind("VLM2018", "unused input", "compiler/checks/unused.ts", "warning"),
  EmptyRepeat: kind("VLM2019", "repeated layers with a count of zero", "compiler/checks/empty-repeats.ts", "warning"),

  // ---- 3xxx shapes and dtypes
  ShapeMismatch: kind("VLM3001", "shape mismatch", "compiler/checks/shapes.ts"),
  DtypeMismatch: kind("VLM3002", "dtype mismatch", "compiler/checks/shapes.ts"),
  RankMismatch: kind("VLM3003", "rank mismatch", "compiler/checks/shapes.ts"),
  RequireFailed: kind("VLM3004", "requirement violated", "compiler/checks/requires.ts"),
  NotDivisible: kind("VLM3005", "not divisible", "compiler/checks/dim-values.ts"),
  BadDim: kind("VLM3006", "invalid dimension", "compiler/checks/dim-values.ts"),
  SymbolicParamShape: kind("VLM3007", "parameter shape depends on an input dimension", "compiler/checks/dim-values.ts"),
  UndecidableCondition: kind("VLM3008", "condition not known at compile time", "compiler/checks/requires.ts"),
  IndexOutOfRange: kind("VLM3009", "index or axis out of range", "compiler/checks/shapes.ts"),
  SourceDtype: kind("VLM3010", "input dtype does not fit its data source", "compiler/checks/input-sources.ts"),
  SourceShape: kind("VLM3011", "input shape does not fit its data source", "compiler/checks/input-sources.ts"),
  NegativeCount: kind("VLM3012", "range or repeat count runs backwards", "compiler/elaborate/expr.ts"),

  // ---- 4xxx sharing
  SharePatternEmpty: kind("VLM4001", "share pattern matches nothing", "compiler/checks/share-patterns.ts"),
  ShareShapeMismatch: kind("VLM4002", "shared parameters differ in shape", "compiler/checks/share-shapes.ts"),
  ShareWithMomentum: kind("VLM4003", "instance shared with its own momentum copy", "compiler/checks/momentum-sharing.ts"),
  FrozenSharedConflict: kind("VLM4004", "shared parameter both frozen and trained", "compiler/checks/stage-freezing.ts"),
  ShareConflict: kind("VLM4005", "parameter shared twice", "compiler/checks/share-patterns.ts"),
  ShareTargetMissing: kind("VLM4006", "share source has no matching parameter", "compiler/checks/share-patterns.ts"),
  ShareWildcards: kind("VLM4007", "share patterns use different wildcards", "compiler/checks/share-patterns.ts"),

  // ---- 5xxx objectives and stages
  ObjectiveNotScalar: kind("VLM5001", "objective is not a scalar", "compiler/checks/objectives.ts"),
  ObjectiveInputs: kind("VLM5002", "objective inputs do not fit", "compiler/checks/objectives.ts"),
  CaptionNotCausal: kind("VLM5003", "captioning over a decoder without a causal mask", "compiler/checks/caption-causality.ts"),
  UnknownObjective: kind("VLM5004", "stage names an unknown objective", "compiler/checks/stages.ts"),
  FreezePatternEmpty: kind("VLM5005", "freeze pattern matches nothing", "compiler/checks/stages.ts"),
  GroupOverlap: kind("VLM5006", "parameter groups overlap", "compiler/checks/groups.ts", "warning"),
  ObjectiveWeight: kind("VLM5007", "invalid objective weight", "compiler/checks/objectives.ts"),
  GroupPatternEmpty: kind("VLM5008", "group pattern matches nothing", "compiler/checks/groups.ts"),
  PublishedPatternEmpty: kind("VLM5009", "published-figure pattern matches nothing", "compiler/checks/published.ts"),
  PublishedMismatch: kind("VLM5010", "published figure not reproduced", "compiler/checks/published.ts", "warning"),
  StageTrainsNothing: kind("VLM5011", "stage trains nothing", "compiler/checks/stage-training.ts", "warning"),
  EnqueueTarget: kind("VLM5012", "enqueue into something that is not a queue", "compiler/checks/queue-writes.ts"),
  NotASource: kind("VLM5013", "not a data source", "compiler/checks/input-sources.ts"),
  SourceArgument: kind("VLM5014", "invalid data source argument", "compiler/checks/input-sources.ts"),
  CaptionlessSource: kind("VLM5015", "caption mask or word indices without their caption", "compiler/checks/input-sources.ts"),

  // ---- 6xxx CLI and I/O
  FileNotFound: kind("VLM6001", "cannot read file", "compiler/resolve/program.ts"),
  UnknownVariant: kind("VLM6002", "unknown variant", "compiler/checks/variants.ts"),
  BadOverride: kind("VLM6003", "invalid override", "compiler/checks/variants.ts"),
  NoModel: kind("VLM6004", "no model in file", "compiler/compile.ts"),
  ElaborationLimit: kind("VLM6005", "elaboration limit exceeded", "compiler/elaborate/interp.ts"),
  Usage: kind("VLM6006", "usage error", "cli/main.ts"),
  UnknownStage: kind("VLM6007", "unknown stage", "cli/ir-options.ts"),
  IrFile: kind("VLM6008", "not a vlmc IR file", "compiler/ir/serialize.ts"),
  UnknownDim: kind("VLM6009", "--dim names no dimension of the model", "cli/ir-options.ts"),
  SpecTooLarge: kind("VLM6010", "spec exceeds the size or token budget", "grammar/parse.ts"),
  NotText: kind("VLM6011", "not a text file", "compiler/resolve/source-guard.ts"),
  EmptySpec: kind("VLM6012", "empty spec file", "compiler/resolve/source-guard.ts"),
  FormatWrite: kind("VLM6020", "cannot write the formatted file", "cli/commands/fmt.ts"),

  // ---- 61xx running a model (runtime/)
  BackendUnavailable: kind("VLM6101", "backend unavailable", "runtime/backend.ts"),
  InputMissing: kind("VLM6102", "model input missing", "runtime/feeds.ts"),
  InputUnknown: kind("VLM6103", "unknown model input", "runtime/feeds.ts"),
  InputShape: kind("VLM6104", "input shape does not fit", "runtime/feeds.ts"),
  InputDtype: kind("VLM6105", "input dtype does not fit", "runtime/feeds.ts"),
  RunAssertion: kind("VLM6106", "run-time condition violated", "runtime/dims.ts"),
  OutOfMemory: kind("VLM6107", "run does not fit in memory", "runtime/memory.ts"),
  InputValues: kind("VLM6108", "input values out of range", "runtime/feeds.ts"),

  // ---- 64xx training (runtime/train/)
  NothingToTrain: kind("VLM6401", "nothing to train", "runtime/train/stage.ts"),
  NonFiniteLoss: kind("VLM6402", "loss is not finite", "runtime/train/trainer.ts"),
  CheckpointMismatch: kind("VLM6403", "checkpoint does not fit this run", "runtime/train/checkpoint.ts"),
  RunFolderTaken: kind("VLM6404", "output folder holds another run", "cli/commands/train.ts"),

  // ---- 62xx weights and checkpoints (runtime/weights/)
  WeightsFile: kind("VLM6201", "unreadable weights file", "runtime/weights/safetensors.ts"),
  WeightMissing: kind("VLM6202", "tensor missing from weights", "runtime/weights/load.ts"),
  WeightUnexpected: kind("VLM6203", "unexpected tensor in weights", "runtime/weights/load.ts"),
  WeightShape: kind("VLM6204", "tensor shape does not fit", "runtime/weights/load.ts"),
  WeightDtype: kind("VLM6205", "tensor dtype does not fit", "runtime/weights/load.ts"),
  WeightMap: kind("VLM6206", "invalid weight map", "runtime/weights/map.ts"),
  WeightConflict: kind("VLM6207", "copies of a shared tensor disagree", "runtime/weights/load.ts"),
  WeightFilled: kind("VLM6208", "state filled in from the model", "runtime/weights/load.ts", "warning"),

  // ---- 63xx data sets: packing image–caption pairs, reading them back for training (runtime/data/)
  DataInput: kind("VLM6301", "cannot read the data to pack", "runtime/data/pack.ts"),
  TokenizerFiles: kind("VLM6302", "unusable tokenizer files", "runtime/data/tokenizer.ts"),
  CaptionSkipped: kind("VLM6303", "caption line skipped", "runtime/data/captions.ts", "warning"),
  ImageSkipped: kind("VLM6304", "image skipped", "runtime/data/pack.ts", "warning"),
  NothingPacked: kind("VLM6305", "no example could be packed", "runtime/data/pack.ts"),
  PackWrite: kind("VLM6306", "cannot write the pack", "runtime/data/shard-writer.ts"),
  DataManifest: kind("VLM6307", "missing or damaged data manifest", "runtime/data/manifest.ts"),
  DataShard: kind("VLM6308", "missing or damaged data shard", "runtime/data/dataset.ts"),
  DataMismatch: kind("VLM6309", "data does not fit the model", "runtime/data/fit.ts"),
  InputNoSource: kind("VLM6310", "model input has no data source", "runtime/data/fit.ts"),
  DataPreprocessing: kind("VLM6311", "data prepared differently from the model's declaration", "runtime/data/fit.ts", "warning"),
} as const satisfies Record<string, DiagnosticKind>;

export type DiagName = keyof typeof Diag;
