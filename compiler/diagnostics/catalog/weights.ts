// VLM62xx: weights and checkpoints (runtime/weights/): reading, mapping and loading tensors.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const weights = {
  WeightsFile: kind("VLM6201", "unreadable weights file", "runtime/weights/safetensors.ts", {
    inFile: "{file}: {problem}",
    folder: "is a folder, not a safetensors file",
    headerEnded: "it ended inside its header (was it changed while being read?)",
    moreDefects: "… and {count} more defects in its header",
    cannotRead: "cannot read it: {reason}",
    cannotWrite: "cannot write it: {reason}",
  }),
  WeightMissing: kind("VLM6202", "tensor missing from weights", "runtime/weights/load-plan.ts", {
    missing: "`{name}` ({dtype} {shape}) is missing from {file}",
    more: "… and {count} more parameters are missing from {file} ({missing} of the model's {learned} learned parameters in all)",
    noneHint: "none of the model's {learned} learned parameters is in {file}",
    namesHint: "its names do not match the model's: a checkpoint from another code base needs a weight map (--map)",
    partMissing: "cannot rebuild `{from}` (rules[{rule}] of {map}): its part {parts} is missing",
    partsMissing: "cannot rebuild `{from}` (rules[{rule}] of {map}): its parts {parts} are missing",
  }),
  WeightUnexpected: kind("VLM6203", "unexpected tensor in weights", "runtime/weights/load-plan.ts", {
    unexpected: "{file} has {label} ({dtype} {shape}), which the model does not have",
    more: "… and {count} more tensors in {file} that the model does not have ({total} in all)",
    guessHint: "did you mean `{guess}`?",
    mapRuleHint: "add a rule for it to {map} (an \"ignore\" rule if the model has no counterpart)",
    useMapHint: "if {file} comes from another code base, load it through a weight map (--map; see runtime/weights/README.md)",
    writtenForHint: "the file was written by vlmc for model {model}{variant}, not {ours}{ourVariant}",
    variant: " (variant {variant})",
    label: "`{target}`",
    mappedLabel: "`{target}` (from `{source}` by rules[{rule}])",
  }),
  WeightShape: kind("VLM6204", "tensor shape does not fit", "runtime/weights/load-plan.ts", {
    shape: "{label} has shape {shape} in {file}, but the model's is {expected}",
    more: "… and {count} more tensors in {file} whose shapes do not fit",
    transposedHint: "it looks transposed: add \"transpose\": [1, 0] to its weight-map rule",
    elementsHint: "the element counts agree ({count}): a \"squeeze\", \"transpose\" or \"reshape\" in its weight-map rule may fit it",
  }),
  WeightDtype: kind("VLM6205", "tensor dtype does not fit", "runtime/weights/load.ts", {
    stored: "{label} is stored as {stored} in {file}, but the model's is {expected}",
    more: "… and {count} more tensors in {file} whose dtypes do not fit",
    loadsFromHint: "a {dtype} tensor loads from {dtypes}",
    value: "{file}: {problem} (the model's is {expected})",
  }),
  WeightMap: kind("VLM6206", "invalid weight map", "runtime/weights/map.ts", {
    noShippedMap: "there is no shipped weight map `{map}`",
    mapsHint: "shipped maps: {names}; or give the path of a map file",
    pathHint: "give the path of a map file",
    inFile: "{file}: {problem}",
    inRule: "{file} {where}: {problem}",
  }),
  WeightConflict: kind("VLM6207", "copies of a shared tensor disagree", "runtime/weights/load.ts", {
    disagree: {
      message: "{a} and {b} in {file} are one shared tensor in the model (owner `{owner}`), but their values differ (first at element {at}, by up to {max})",
      hint: "the spec shares or ties these parameters; a checkpoint in which they were trained apart cannot load into it as is — keep one copy in the file, or change the spec's `share`/`tie`",
    },
    copy: "`{target}`",
    mappedCopy: "`{source}` (→ `{target}`)",
    more: "… and {count} more shared tensors whose copies in {file} disagree",
  }),
  WeightFilled: kind("VLM6208", "state filled in from the model", "runtime/weights/load-plan.ts", {
    momentum: { message: "{count} momentum (EMA) parameters are not in {file} and start as copies of the parameters they track: {names}", hint: "expected for a fine-tuned checkpoint, which has no momentum model" },
    buffers: "buffers not in {file} keep their initial values: {names}",
    listedMore: "{names} and {count} more",
  }, "warning"),
} as const;
