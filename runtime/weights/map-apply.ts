// Applying a weight map (map.ts) in both directions. Forward, checkpoint → IR: names and shapes
// first (`mapCheckpoint`, so every mismatch is found before any data is read), then each
// tensor's data (`applyForward`). Inverse, IR → checkpoint (`unmapTensors`): split parts are
// joined, permutations undone and squeezed axes restored, giving the original layout back.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";
import { numelOf, type HostTensor } from "../init.js";
import { concatHost, invertPermutation, splitHost, transposeHost } from "./host-ops.js";
import { mapError, type MapRule, type WeightMap } from "./map.js";
import { capturesOf, fillPattern, matchPattern } from "./pattern.js";

/** One IR-side tensor a checkpoint entry becomes. */
export interface MappedTensor {
  /** Its name on the IR side. */
  readonly target: string;
  /** The checkpoint entry it comes from. */
  readonly source: string;
  /** The rule that produced it; undefined when no rule matched and the name was kept. */
  readonly rule: MapRule | undefined;
  /** Which part of a split (0 otherwise). */
  readonly part: number;
  /** Its shape after the rule's transforms. */
  readonly shape: readonly number[];
}

const fmt = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

function firstMatch(map: WeightMap | undefined, name: string): { rule: MapRule; captures: Map<string, string> } | undefined {
  for (const rule of map?.rules ?? []) {
    const captures = matchPattern(rule.from, name);
    if (captures) return { rule, captures };
  }
  return undefined;
}

/** The shape of each part `rule` makes of a tensor of `shape`, or what does not fit. */
export function forwardShapes(rule: MapRule, shape: readonly number[]): number[][] | string {
  const { squeeze, transpose, reshape } = rule.transform;
  let s = [...shape];
  if (squeeze) {
    if (squeeze.some((a) => a >= s.length || s[a] !== 1)) return `"squeeze" ${fmt(squeeze)} needs axes of size 1, but the tensor's shape is ${fmt(shape)}`;
    s = s.filter((_, i) => !squeeze.includes(i));
  }
  if (transpose) {
    if (transpose.length !== s.length) return `"transpose" ${fmt(transpose)} needs a rank-${transpose.length} tensor, but the tensor's shape is ${fmt(s)}`;
    s = transpose.map((p) => s[p]!);
  }
  if (reshape) {
    const n = numelOf(s);
    const known = numelOf(reshape.filter((d) => d !== -1));
    const free = reshape.includes(-1) ? (known === 0 ? -1 : n / known) : known === n ? 0 : -1;
    if (!Number.isInteger(free) || free < 0) return `"reshape" ${fmt(reshape)} does not fit ${n} elements (shape ${fmt(s)})`;
    s = reshape.map((d) => (d === -1 ? free : d));
  }
  if (rule.copy) return rule.to.map(() => s);
  if (rule.split === undefined) return [s];
  const parts = rule.to.length;
  if (rule.split >= s.length || s[rule.split]! % parts !== 0) return `"split": ${rule.split} cannot cut shape ${fmt(s)} into ${parts} equal parts`;
  return Array.from({ length: parts }, () => s.map((d, i) => (i === rule.split ? d / parts : d)));
}

/** Names and shapes of what each checkpoint entry becomes; map defects are VLM6206. */
export function mapCheckpoint(
  map: WeightMap | undefined,
  entries: Iterable<{ readonly name: string; readonly shape: readonly number[] }>,
): { mapped: MappedTensor[]; ignored: string[]; diagnostics: Diagnostic[] } {
  const mapped: MappedTensor[] = [];
  const ignored: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const e of entries) {
    const hit = firstMatch(map, e.name);
    if (!hit) {
      mapped.push({ target: e.name, source: e.name, rule: undefined, part: 0, shape: e.shape });
      continue;
    }
    const { rule, captures } = hit;
    if (rule.ignore) {
      ignored.push(e.name);
      continue;
    }
    const shapes = forwardShapes(rule, e.shape);
    if (typeof shapes === "string") {
      diagnostics.push(mapError(map!.file, `rules[${rule.index}]`, `${shapes} (checkpoint tensor \`${e.name}\`)`));
      continue;
    }
    rule.to.forEach((to, part) => mapped.push({ target: fillPattern(to, captures), source: e.name, rule, part, shape: shapes[part]! }));
  }
  return { mapped, ignored, diagnostics };
}

/** Every part `rule` makes of checkpoint tensor `t` (its shape already checked by `forwardShapes`). */
export function applyForward(rule: MapRule | undefined, t: HostTensor): HostTensor[] {
  if (!rule) return [t];
  const shapes = forwardShapes(rule, t.shape);
  if (typeof shapes === "string") throw new Error(`${shapes} (internal error: shapes are checked before data is read)`);
  const { squeeze, transpose, reshape } = rule.transform;
  let out: HostTensor = squeeze ? { ...t, shape: t.shape.filter((_, i) => !squeeze.includes(i)) } : t;
  if (transpose) out = transposeHost(out, transpose);
  if (reshape) out = { ...out, shape: rule.split === undefined ? shapes[0]! : shapes[0]!.map((d, i) => (i === rule.split ? d * rule.to.length : d)) };
  if (rule.copy) return rule.to.map(() => out);
  return rule.split === undefined ? [out] : splitHost(out, rule.split, rule.to.length);
}

/** The shape a tensor of original shape `orig` has after squeeze and transpose (before any reshape). */
function beforeReshape(rule: MapRule, orig: readonly number[]): number[] {
  const { squeeze, transpose } = rule.transform;
  const s = squeeze ? orig.filter((_, i) => !squeeze.includes(i)) : [...orig];
  return transpose ? transpose.map((p) => s[p]!) : s;
}

export interface UnmapOptions {
  /** Checkpoint shapes (e.g. the header of the checkpoint first loaded); needed to undo a "reshape". */
  readonly originalShapes?: ReadonlyMap<string, readonly number[]>;
}

/**
 * The inverse of the map: IR-named tensors → checkpoint-named tensors in the checkpoint's layout.
 * Each IR name goes through the first rule whose "to" matches it; names no rule matches keep
 * their name. Entries the map ignores (`input_resolution`) cannot be rebuilt and are not written.
 */
export function unmapTensors(map: WeightMap, tensors: ReadonlyMap<string, HostTensor>, opts: UnmapOptions = {}): { tensors: Map<string, HostTensor>; diagnostics: Diagnostic[] } {
  const out = new Map<string, HostTensor>();
  const writer = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const groups = new Map<string, { rule: MapRule; from: string; parts: (HostTensor | undefined)[]; names: string[] }>();
  const put = (name: string, t: HostTensor, by: string): void => {
    const earlier = writer.get(name);
    if (earlier !== undefined) diagnostics.push(mapError(map.file, "", `both ${earlier} and ${by} write checkpoint tensor \`${name}\``, "the map is not one-to-one, so it cannot be inverted"));
    writer.set(name, by);
    out.set(name, t);
  };
  for (const [name, t] of tensors) {
    const hit = inverseMatch(map, name);
    if (!hit) {
      put(name, t, `\`${name}\` (no rule)`);
      continue;
    }
    const { rule, part, captures } = hit;
    const lost = [...capturesOf(rule.from).keys()].filter((c) => !captures.has(c));
    if (lost.length > 0) {
      diagnostics.push(mapError(map.file, `rules[${rule.index}]`, `"to" does not keep {${lost.join("}, {")}}, so \`${name}\` cannot be mapped back`));
      continue;
    }
    const from = fillPattern(rule.from, captures);
    const key = `${rule.index}\u0000${from}`;
    const group = groups.get(key) ?? { rule, from, parts: new Array<HostTensor | undefined>(rule.to.length).fill(undefined), names: [] };
    group.parts[part] = t;
    group.names[part] = name;
    groups.set(key, group);
  }
  for (const { rule, from, parts, names } of groups.values()) {
    const missing = rule.to.map((p, j) => (parts[j] ? undefined : p.text)).filter((x) => x !== undefined);
    if (missing.length > 0) {
      diagnostics.push(diagnostic(say(Diag.WeightMissing, missing.length > 1 ? "partsMissing" : "partMissing", { from, rule: rule.index, map: map.file, parts: missing.join(", ") })));
      continue;
    }
    const rebuilt = invertRule(map, rule, from, parts as HostTensor[], opts, diagnostics);
    if (rebuilt) put(from, rebuilt, `rules[${rule.index}] (from ${names.map((n) => `\`${n}\``).join(", ")})`);
  }
  return { tensors: out, diagnostics };
}

function inverseMatch(map: WeightMap, name: string): { rule: MapRule; part: number; captures: Map<string, string> } | undefined {
  for (const rule of map.rules) {
    for (let part = 0; part < rule.to.length; part++) {
      const captures = matchPattern(rule.to[part]!, name);
      if (captures) return { rule, part, captures };
    }
  }
  return undefined;
}

function invertRule(map: WeightMap, rule: MapRule, from: string, parts: HostTensor[], opts: UnmapOptions, diagnostics: Diagnostic[]): HostTensor | undefined {
  const where = `rules[${rule.index}]`;
  const { squeeze, transpose, reshape } = rule.transform;
  if (rule.split !== undefined && parts.some((p) => p.shape.length <= rule.split!)) {
    diagnostics.push(mapError(map.file, where, `cannot join the parts of \`${from}\` along axis ${rule.split}: they have shapes ${parts.map((p) => fmt(p.shape)).join(", ")}`));
    return undefined;
  }
  if (rule.copy && parts.some((p) => p.shape.join() !== parts[0]!.shape.join() || p.data.some((v, i) => v !== parts[0]!.data[i]))) {
    diagnostics.push(mapError(map.file, where, `the copies of \`${from}\` differ, so it cannot be written back as one tensor`));
    return undefined;
  }
  let t = rule.split === undefined ? parts[0]! : concatHost(parts, rule.split);
  const orig = opts.originalShapes?.get(from);
  if (orig) {
    const expected = forwardShapes(rule, orig);
    const got = parts.map((p) => fmt(p.shape)).join(", ");
    if (typeof expected === "string" || expected.map(fmt).join(", ") !== got) {
      diagnostics.push(mapError(map.file, where, `\`${from}\` had shape ${fmt(orig)} in the checkpoint, which the rule does not turn into ${got}`));
      return undefined;
    }
  }
  if (reshape) {
    if (!orig) {
      diagnostics.push(mapError(map.file, where, `"reshape" of \`${from}\` cannot be undone without the checkpoint's original shape`, `pass the original shapes, or use "squeeze" to drop size-1 axes`));
      return undefined;
    }
    t = { ...t, shape: beforeReshape(rule, orig) };
  }
  if (transpose) t = transposeHost(t, invertPermutation(transpose));
  if (squeeze) {
    const shape = [...t.shape];
    for (const a of [...squeeze].sort((x, y) => x - y)) shape.splice(a, 0, 1);
    t = { ...t, shape };
  }
  return t;
}
