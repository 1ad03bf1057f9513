// VLM5xxx: objectives, stages, groups, queues and data sources.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const objectives = {
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
  MarkTarget: kind("VLM5016", "`frozen` or `checkpoint` on something without parameters", "compiler/elaborate/marks.ts", {
    notInstance: { message: "`{mark}` marks parameters, but `{name}` is {got}", hint: "mark a block instance (`{mark} lm = Decoder(…)`), a list of them, or a parameter (`{mark} param …`)" },
    noParams: { message: "`{mark}` marks parameters, but `{name}` has none", hint: "mark the instance or parameter that holds the weights" },
    noMatch: "`{mark}` pattern `{pattern}` matches no parameter",
    exceptNothing: "`{pattern}` excludes nothing that `{mark}` marks",
  }),
  FrozenThroughSharing: kind("VLM5018", "`frozen` reaches parameters through sharing", "compiler/elaborate/marks.ts", {
    shared: {
      message: "`frozen` here also freezes {count} parameter{count:s} it does not name, which share a tensor with what it freezes: {names}",
      hint: "a shared tensor is frozen for all its names; mark those names `frozen` too to say so, or stop sharing them",
    },
  }, "warning"),
  StageUnfreezesFrozen: kind("VLM5017", "stage trains what the model declares frozen", "compiler/elaborate/report/stages.ts", {
    unfreezes: {
      message: "stage `{stage}` excepts `{pattern}` from freezing, but the model declares {what} `frozen` in every stage",
      hint: "to train it in some stages only, drop `frozen` from the model and freeze it in the stages that keep it fixed",
    },
    declared: "declared frozen here",
  }),
} as const;
