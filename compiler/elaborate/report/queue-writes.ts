// Queue writes: `enqueue(q, x)` writes rows into a feature queue after each step, at the row the
// queue's pointer names, so `q` must be the queue itself — the value `queue(size, width)` made,
// not a slice, copy or computation of it, and not a parameter or input. Only such a value has a
// buffer and a pointer for the update to write to.
import { Diag } from "../../diagnostics/catalog.js";
import { say } from "../../diagnostics/template.js";
import type { ArgVal } from "./call-arguments.js";
import type { Interp } from "../interp.js";
import { describe, type Value } from "../values.js";

/** What a value is, in words, for the message. */
function whatItIs(ip: Interp, v: Value): string {
  if (v.k !== "tensor") return describe(v);
  const node = ip.g.nodes[v.id];
  if (!node) return describe(v);
  const name = String(node.attrs["name"] ?? "");
  if (node.op === "param") return `parameter \`${name}\``;
  if (node.op === "input") return `input \`${name}\``;
  if (node.op === "buffer") return `buffer \`${name}\`, which is not a queue`;
  return `the result of \`${node.op}\``;
}

/** The buffer name if `v` is a queue made by `queue(…)`. */
export function queueOf(ip: Interp, v: Value): string | undefined {
  if (v.k !== "tensor") return undefined;
  const node = ip.g.nodes[v.id];
  if (node?.op !== "buffer") return undefined;
  const name = String(node.attrs["name"]);
  return ip.g.buffers.get(name)?.role === "queue" ? name : undefined;
}

/**
 * Checks the target of an `enqueue` call before it is emitted; false (after reporting VLM5012)
 * when it is not a queue. A missing or `none` target is left to the argument binder.
 */
export function checkEnqueueTarget(ip: Interp, args: readonly ArgVal[]): boolean {
  const target = args.find((a) => a.name?.name === "queue") ?? args.find((a) => !a.name);
  if (!target || target.value.k === "error" || target.value.k === "none") return true;
  if (queueOf(ip, target.value) !== undefined) return true;
  ip.report(say(Diag.EnqueueTarget, "notQueue", { got: whatItIs(ip, target.value) }), target.span, {
    related: ip.origin(target.value, "the value"),
  });
  return false;
}
