// VLM60xx: the command line and reading files (cli/, and the front end's file reading).
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const cli = {
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
    maxTokens: { message: "--max-tokens {maxTokens} leaves no room for text: the tokenizer adds {specials} special tokens", hint: "give at least {least}" },
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
} as const;
