// Stages and groups are declared anywhere in a model body but refer to the whole model, so they
// are resolved after it: freeze patterns and group patterns match final parameter names.
import type * as A from "../../grammar/ast.js";
import { reportEmptyFreeze, reportUnfreezesFrozen, reportUnknownObjective } from "./report/stages.js";
import { reportEmptyGroup, reportGroupOverlap } from "./report/groups.js";
import { publishedNumber, reportEmptyPublished } from "./report/published.js";
import type { Env } from "./env.js";
import { evalExpr } from "./expr.js";
import type { Interp } from "./interp.js";
import { compilePattern, matches, type Pattern } from "./patterns.js";

/** `declared`: every objective name the model body declares, including under conditions. */
export function resolveStage(ip: Interp, s: A.StageStmt, declared: ReadonlySet<string>): void {
  const known = ip.g.objectives.map((o) => o.name);
  const objectives: string[] = [];
  for (const o of s.objectives) {
    if (!known.includes(o.name)) reportUnknownObjective(ip, s.name.name, o, known, declared.has(o.name));
    else objectives.push(o.name);
  }
  const names = [...ip.g.params.keys()];
  const frozen = new Set<string>();
  for (const p of s.freeze.map(compilePattern)) {
    const hits = names.filter((n) => matches(p, n));
    if (hits.length === 0) reportEmptyFreeze(ip, p, names, false);
    for (const h of hits) frozen.add(h);
  }
  for (const p of s.except.map(compilePattern)) {
    // An exception reaching only what the model declares frozen asks for what no stage can do.
    const held = names.filter((n) => matches(p, n));
    if (held.length > 0 && held.every((n) => ip.marks.frozenSite(n))) {
      reportUnfreezesFrozen(ip, s.name.name, p, held);
      continue;
    }
    const hits = [...frozen].filter((n) => matches(p, n));
    if (hits.length === 0) reportEmptyFreeze(ip, p, [...frozen], true);
    for (const h of hits) frozen.delete(h);
  }
  // What the model declares frozen is frozen in every stage, named in the stage or not.
  for (const n of names) if (ip.marks.frozenSite(n)) frozen.add(n);
  ip.g.stages.push({ name: s.name.name, objectives, frozen: [...frozen].sort(), span: s.name.span, ...(s.doc ? { doc: s.doc } : {}) });
}

/** `published name = value within tol over patterns`: the owners the figure counts. */
export function resolvePublished(ip: Interp, s: A.PublishedStmt, env: Env, doc = s.doc): void {
  const value = publishedNumber(ip, evalExpr(ip, s.value, env), s.value.span, "value");
  const tolerance = s.tolerance ? publishedNumber(ip, evalExpr(ip, s.tolerance, env), s.tolerance.span, "tolerance") : 0;
  if (value === undefined || tolerance === undefined) return;
  const params =
    s.patterns.length > 0
      ? [...ownersMatching(ip, s.patterns, (p, names) => reportEmptyPublished(ip, s.name.name, p, names))].sort()
      : undefined;
  ip.g.published.push({
    name: s.name.name,
    value,
    tolerance,
    params,
    over: s.patterns.map((p) => compilePattern(p).text),
    span: s.name.span,
    ...(doc ? { doc } : {}),
  });
}

/**
 * The owners of the learned parameters (momentum copies excluded) that the patterns match;
 * an alias counts as its owner. `onEmpty` reports a pattern that matches nothing.
 */
function ownersMatching(ip: Interp, patterns: readonly A.PathPattern[], onEmpty: (p: Pattern, names: readonly string[]) => void): Set<string> {
  const learned = [...ip.g.params.values()].filter((p) => !p.emaOf);
  const owners = new Set<string>();
  for (const p of patterns.map(compilePattern)) {
    const hits = learned.filter((x) => matches(p, x.name));
    if (hits.length === 0) onEmpty(p, learned.map((x) => x.name));
    for (const h of hits) owners.add(h.sharedWith ?? h.name);
  }
  return owners;
}

export function resolveGroups(ip: Interp, groups: readonly A.GroupStmt[]): void {
  const claimed = new Map<string, string>();
  for (const g of groups) {
    const owners = ownersMatching(ip, g.patterns, (p, names) => reportEmptyGroup(ip, g.name.name, p, names));
    const overlap = [...owners].filter((o) => claimed.has(o));
    if (overlap.length > 0) reportGroupOverlap(ip, g.name.name, claimed.get(overlap[0]!)!, overlap.length, overlap[0]!, g.name.span);
    const mine = [...owners].filter((o) => !claimed.has(o)).sort();
    for (const o of mine) claimed.set(o, g.name.name);
    ip.g.groups.push({ name: g.name.name, params: mine, span: g.name.span });
  }
}
