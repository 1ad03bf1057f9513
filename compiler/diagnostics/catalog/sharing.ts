// VLM4xxx: sharing and tying parameters.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const sharing = {
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
} as const;
