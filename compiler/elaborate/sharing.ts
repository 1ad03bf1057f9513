// Resolving `share` and `tie`: every parameter the first path matches becomes an alias of its
// counterpart in the second (the owner). Sharing is recorded on the alias (`sharedWith`), never
// copied; an owner that is itself shared passes its aliases on, so each group has one owner.
import type * as A from "../../grammar/ast.js";
import type { IrParam } from "../ir/types.js";
import { reportMomentumShare, tracksEachOther } from "./report/momentum-sharing.js";
import { reportShapeDisagreement, shapesAgree } from "./report/share-shapes.js";
import {
  reportEmptyPattern,
  reportMissingCounterparts,
  reportShareConflict,
  reportWildcardMismatch,
} from "./report/share-patterns.js";
import type { Instance } from "./instance.js";
import type { Interp } from "./interp.js";
import { compilePattern, matchPath, namesUnder, substitute } from "./patterns.js";

export function resolveShares(ip: Interp, shares: readonly A.ShareStmt[], base: Instance): void {
  for (const s of shares) resolveShare(ip, s, base);
}

function resolveShare(ip: Interp, s: A.ShareStmt, base: Instance): void {
  const target = compilePattern(s.target);
  const source = compilePattern(s.source);
  const tie = s.mode === "tie";
  if (tie ? target.wild.length + source.wild.length > 0 : target.wild.join() !== source.wild.join()) {
    reportWildcardMismatch(ip, target, source, tie, s.span);
    return;
  }
  const prefix = base.path;
  const full = (rel: string): string => (prefix ? `${prefix}.${rel}` : rel);
  const names = namesUnder(ip.g.params.keys(), prefix);

  const matched: { rel: string; caps: string[][] }[] = [];
  for (const rel of names) {
    const caps = matchPath(target, rel.split("."));
    if (caps) matched.push({ rel, caps });
  }
  if (matched.length === 0) {
    reportEmptyPattern(ip, target, names, tie ? "tie" : "share");
    return;
  }
  const excepts = s.except.map(compilePattern);
  const excluded = new Set<string>();
  for (const ex of excepts) {
    const hits = matched.filter((m) => matchPath(ex, m.rel.split(".")) !== undefined);
    if (hits.length === 0) reportEmptyPattern(ip, ex, matched.map((m) => m.rel), "except");
    for (const h of hits) excluded.add(h.rel);
  }
  const pairs: [string, string][] = matched.filter((m) => !excluded.has(m.rel)).map((m) => [full(m.rel), full(substitute(source, m.caps))]);

  const missing = pairs.filter(([, src]) => !ip.g.params.has(src));
  if (missing.length > 0) {
    reportMissingCounterparts(ip, missing, source);
    return;
  }
  const badShapes: [IrParam, IrParam][] = [];
  for (const [t, src] of pairs) {
    const tp = ip.g.params.get(t)!;
    const sp = ip.g.params.get(src)!;
    if (tracksEachOther(tp, sp)) {
      reportMomentumShare(ip, tp, sp, s.span);
      return;
    }
    if (!shapesAgree(tp, sp)) badShapes.push([tp, sp]);
  }
  if (badShapes.length > 0) {
    reportShapeDisagreement(ip, badShapes, s.span);
    return;
  }
  for (const [t, src] of pairs) {
    if (t === src) {
      reportShareConflict(ip, "self", { name: t, owner: t }, s.span);
      return;
    }
    const tp = ip.g.params.get(t)!;
    if (tp.sharedWith) {
      const earlier = ip.shareSites.get(t);
      reportShareConflict(ip, "twice", { name: t, owner: tp.sharedWith }, s.span, earlier);
      return;
    }
    const owner = ip.g.params.get(src)!.sharedWith ?? src;
    if (owner === t) {
      reportShareConflict(ip, "cycle", { name: t, owner: src }, s.span);
      return;
    }
    alias(ip, t, owner, s.mode);
    ip.shareSites.set(t, s.span);
  }
}

/** Makes `name` (and everything that aliased it) an alias of `owner`. */
function alias(ip: Interp, name: string, owner: string, kind: "share" | "tie"): void {
  const p = ip.g.params.get(name)!;
  ip.g.setParam({ ...p, sharedWith: owner, shareKind: kind });
  const followers = ip.aliases.get(name) ?? [];
  for (const f of followers) ip.g.setParam({ ...ip.g.params.get(f)!, sharedWith: owner });
  ip.aliases.delete(name);
  const list = ip.aliases.get(owner) ?? [];
  list.push(name, ...followers);
  ip.aliases.set(owner, list);
}
