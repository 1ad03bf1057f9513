// `share A with B except C` (and `tie A with B`) in generated code: every parameter the first
// pattern matches under the scope becomes an alias of its counterpart in the second, exactly as
// compiler/elaborate/sharing.ts resolveShares does it — names relative to the scope's path,
// wildcards captured on the alias side and substituted on the owner side, `except` removing
// matches (each `except` must remove something), an owner that is itself an alias passing its
// aliases on so that each group has one owner, parameters only (buffers are never shared).
// Sharing is by reference: the alias's field and its `params` entry become the owner's very
// tf.Variable, the alias's own variable is freed, and the model records alias → owner
// (Model.aliases) for checkpoints and the trainer. The compiler reports every misuse before code
// is generated; here, for hand-written models, a misuse throws an Error naming the pattern.
import { matchPath, namesUnder, patternFromText, substitute } from "../../compiler/ir/path-patterns.js";
import type { Variable } from "../tf.js";
import { modelOf, type AnyModel, type Slot } from "./model.js";
import type { Module, StoredTensor } from "./module.js";

/** Makes the parameters `alias` matches under `scope` aliases of those `owner` names. */
export function share(scope: Module, alias: string, owner: string, except: readonly string[] = []): void {
  const model = modelOf(scope);
  const target = patternFromText(alias);
  const source = patternFromText(owner);
  const what = `share ${alias} with ${owner}`;
  const fail = (why: string): never => {
    throw new Error(`${what}${scope.path ? ` (in ${scope.path})` : ""}: ${why}`);
  };
  if (target.wild.join() !== source.wild.join()) fail(`the two patterns must have the same wildcards in the same order (${target.wild.join(", ") || "none"} against ${source.wild.join(", ") || "none"})`);
  const slots = model.paramSlots();
  const prefix = scope.path;
  const full = (rel: string): string => (prefix ? `${prefix}.${rel}` : rel);
  const matched: { rel: string; caps: string[][] }[] = [];
  for (const rel of namesUnder(slots.keys(), prefix)) {
    const caps = matchPath(target, rel.split("."));
    if (caps) matched.push({ rel, caps });
  }
  if (matched.length === 0) fail(`\`${alias}\` matches no parameter`);
  const excluded = new Set<string>();
  for (const ex of except.map(patternFromText)) {
    const hits = matched.filter((m) => matchPath(ex, m.rel.split(".")) !== undefined);
    if (hits.length === 0) fail(`\`except ${ex.text}\` matches none of the parameters \`${alias}\` matches`);
    for (const h of hits) excluded.add(h.rel);
  }
  const pairs = matched.filter((m) => !excluded.has(m.rel)).map((m) => [full(m.rel), full(substitute(source, m.caps))] as const);
  const missing = pairs.filter(([, src]) => !slots.has(src)).map(([t, src]) => `${t} → ${src}`);
  if (missing.length > 0) fail(`no counterpart for ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? `, … (${missing.length} in all)` : ""}`);
  for (const [t, src] of pairs) {
    const [tv, sv] = [declared(slots.get(t)!), declared(slots.get(src)!)];
    if (tracksEachOther(model, t, src)) fail(`${t} and ${src}: a momentum copy cannot share parameters with the instance it tracks`);
    if (tv.shape.join() !== sv.shape.join() || tv.dtype !== sv.dtype) fail(`${t} is ${tv.dtype}[${tv.shape.join(", ")}] but ${src} is ${sv.dtype}[${sv.shape.join(", ")}]`);
  }
  for (const [t, src] of pairs) {
    if (t === src) fail(`${t} would share with itself`);
    const earlier = model.aliases.get(t);
    if (earlier !== undefined) fail(`${t} already shares ${earlier}`);
    const ownerName = model.aliases.get(src) ?? src;
    if (ownerName === t) fail(`${t} and ${src} would share with each other in a cycle`);
    makeAlias(model, slots, t, ownerName);
  }
}

/** A parameter's declaration (its IR dtype and shape). */
function declared(slot: Slot): StoredTensor {
  return slot.module.declared.get(slot.local)!;
}

/** The variable a slot holds now. */
function own(slot: Slot): Variable {
  return slot.module.params.get(slot.local)!;
}

/** As compiler/elaborate/report/momentum-sharing.ts: one tracks the other, or both track the same source. */
function tracksEachOther(model: AnyModel, a: string, b: string): boolean {
  const of = (n: string): string | undefined => model.momentumLinks.find((l) => l.param === n)?.source;
  const [ea, eb] = [of(a), of(b)];
  return ea === b || eb === a || (ea !== undefined && ea === eb);
}

/** Points `name` (and every alias of it) at `owner`'s variable and frees its own. */
function makeAlias(model: AnyModel, slots: ReadonlyMap<string, Slot>, name: string, owner: string): void {
  const ownerVar = own(slots.get(owner)!);
  const old = own(slots.get(name)!);
  const followers = [...model.aliases].filter(([, o]) => o === name).map(([a]) => a);
  for (const n of [name, ...followers]) {
    repoint(slots.get(n)!, old, ownerVar);
    model.aliases.set(n, owner);
  }
  // A momentum copy of an alias starts from the group's owner, as runtime/state.ts initialises it.
  for (const link of model.momentumLinks) {
    if (link.source !== name && !followers.includes(link.source)) continue;
    if (ownerVar.trainable) own(slots.get(link.param)!).assign(ownerVar);
  }
  if (old !== ownerVar) old.dispose();
}

/** Replaces `old` by `now` in the slot's `params` entry and in every field of its module holding it. */
function repoint(slot: Slot, old: Variable, now: Variable): void {
  const m = slot.module as unknown as Record<string, unknown>;
  slot.module.params.set(slot.local, now);
  for (const key of Object.keys(m)) if (m[key] === old) m[key] = now;
}
