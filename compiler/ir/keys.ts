// Node keys: where IR nodes get their stable names, and what generated code reproduces. A
// forward call's frame is `scope:mode@k` (the k-th call of that instance's mode, `model` and
// `forward` standing for the model and the default mode), a fn called inside it adds `/name@k`,
// and each op is `/op.n`, its ordinal among the same op in the frame. A key depends only on the
// frame and that position, so it survives edits elsewhere in the spec; random ops draw from a
// stream keyed by it. The elaborator names nodes with these frames, and the runtime API
// (runtime/api/run.ts) names the ops generated code runs with the same ones.

/** The ordinals of ops (and fn calls) within one frame. */
export class KeyFrame {
  private readonly counters = new Map<string, number>();
  constructor(readonly prefix: string) {}
  /** The next ordinal of `what` (an op, or `fn:NAME` for a fn call) in this frame. */
  next(what: string): number {
    const k = this.counters.get(what) ?? 0;
    this.counters.set(what, k + 1);
    return k;
  }
}

/** `scope:mode`, the base of a forward call's frame (before `@k`). */
export function callBase(scope: string, mode: string): string {
  return `${scope || "model"}:${mode || "forward"}`;
}

/** The frame of the next call of fn `name` from `frame`. */
export function fnFrame(frame: KeyFrame, name: string): KeyFrame {
  return new KeyFrame(`${frame.prefix}/${name}@${frame.next(`fn:${name}`)}`);
}

/** The key of the next `op` in `frame`. */
export function opKey(frame: KeyFrame, op: string): string {
  return `${frame.prefix}/${op}.${frame.next(op)}`;
}

/** The frame the model body's own ops are keyed in. */
export const MODEL_FRAME = "model";
