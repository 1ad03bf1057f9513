// Matching a checkpoint's header to a model before any data is read: which file tensor gives
// which stored tensor (parameter owner or buffer), and every way they do not fit — missing,
// unexpected, mis-shaped, mis-typed — each reported, not just the first. Aliases of a share
// group load into their owner, so a file may name a group by its owner, by any alias, or by
// several names (load.ts then checks the copies agree). A model's momentum copies and buffers
// may be absent: a fine-tuned checkpoint has neither, and they are filled in with a warning.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { phrase, say, type Said } from "../../compiler/diagnostics/template.js";
import type { DType, IrGraph } from "../../compiler/ir/types.js";
import { ownerOf } from "../../compiler/ir/types.js";
import { numelOf } from "../init.js";
import { ITEM_SIZE, loadsInto, type StDtype } from "./dtypes.js";
import type { StEntry } from "./header.js";
import { mapCheckpoint, type MappedTensor } from "./map-apply.js";
import type { WeightMap } from "./map.js";
import { closestTensor, type Candidate } from "./suggest.js";

/** Diagnostics of one kind listed one by one before the rest are counted. */
export const MAX_LISTED = 20;

export interface LoadPlan {
  /** Stored tensor (owner or buffer) → the file tensors that give it, in file order. */
  readonly sources: ReadonlyMap<string, readonly MappedTensor[]>;
  /** Momentum owner → the owner it tracks, whose value it starts from. */
  readonly fills: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

interface Expected {
  readonly dtype: DType;
  readonly shape: readonly number[];
}

const fmt = (shape: readonly number[]): string => `[${shape.join(", ")}]`;
const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** How a file tensor is named in messages: its IR name, and where it came from when a map renamed it. */
function label(m: MappedTensor): string {
  return m.rule ? phrase(Diag.WeightUnexpected, "mappedLabel", { target: m.target, source: m.source, rule: m.rule.index }) : phrase(Diag.WeightUnexpected, "label", { target: m.target });
}

/** The first MAX_LISTED diagnostics, then one counting the rest. */
function capped(items: readonly Diagnostic[], rest: (count: number) => Said): Diagnostic[] {
  if (items.length <= MAX_LISTED) return [...items];
  return [...items.slice(0, MAX_LISTED), diagnostic(rest(items.length - MAX_LISTED))];
}

/** Entries of a training checkpoint that are optimiser state, not the model's tensors. */
export const TRAINING_STATE_PREFIX = "optimizer.";

export function planLoad(ir: IrGraph, file: string, entries: ReadonlyMap<string, StEntry>, metadata: Readonly<Record<string, string>>, map: WeightMap | undefined): LoadPlan {
  // A checkpoint `vlmc train` wrote also holds its optimiser's moments: loading weights skips them.
  const training = metadata["vlmc.train"] !== undefined;
  const weights = training ? [...entries.values()].filter((e) => !e.name.startsWith(TRAINING_STATE_PREFIX)) : entries.values();
  const mapping = mapCheckpoint(map, weights);
  const sources = new Map<string, MappedTensor[]>();
  const named = new Set<string>();
  const unexpected: MappedTensor[] = [];
  const shapeErrors: Diagnostic[] = [];
  const dtypeErrors: Diagnostic[] = [];
  for (const m of mapping.mapped) {
    const param = ir.params.get(m.target);
    const expected: Expected | undefined = param ?? ir.buffers.get(m.target);
    if (!expected) {
      unexpected.push(m);
      continue;
    }
    const key = param ? ownerOf(ir, m.target) : m.target;
    named.add(key);
    const stored = entries.get(m.source)!.dtype;
    let fits = true;
    if (!same(m.shape, expected.shape)) {
      fits = false;
      shapeErrors.push(diagnostic(say(Diag.WeightShape, "shape", { label: label(m), shape: fmt(m.shape), file, expected: fmt(expected.shape) }), undefined, shapeHint(m.shape, expected.shape)));
    }
    if (!loadsInto(stored, expected.dtype)) {
      fits = false;
      dtypeErrors.push(diagnostic(say(Diag.WeightDtype, "stored", { label: label(m), stored, file, expected: expected.dtype }), undefined, { hint: dtypeHint(expected.dtype) }));
    }
    if (fits) sources.set(key, [...(sources.get(key) ?? []), m]);
  }

  const missing: { name: string; expected: Expected }[] = [];
  const fills = new Map<string, string>();
  let learned = 0;
  for (const p of ir.params.values()) {
    if (p.sharedWith !== undefined) continue;
    if (p.emaOf === undefined) learned++;
    if (named.has(p.name)) continue;
    if (p.emaOf === undefined) missing.push({ name: p.name, expected: p });
    else if (sources.has(ownerOf(ir, p.emaOf))) fills.set(p.name, ownerOf(ir, p.emaOf));
    // A momentum copy whose source is missing too is covered by the source's own report.
  }
  const keptBuffers = [...ir.buffers.keys()].filter((b) => !named.has(b));

  const provenance = writtenFor(ir, metadata);
  const candidates: Candidate[] = [
    ...[...ir.params.values()].filter((p) => !named.has(ownerOf(ir, p.name))).map((p) => ({ name: p.name, shape: p.shape })),
    ...[...ir.buffers.values()].filter((b) => !named.has(b.name)),
  ];
  const unexpectedDiags = unexpected.map((m, i) => {
    const guess = i < MAX_LISTED ? closestTensor(m.target, m.shape, candidates) : undefined;
    const where = map ? phrase(Diag.WeightUnexpected, "mapRuleHint", { map: map.file }) : phrase(Diag.WeightUnexpected, "useMapHint", { file });
    const hint = [guess ? phrase(Diag.WeightUnexpected, "guessHint", { guess }) : undefined, where, provenance].filter(Boolean).join("; ");
    return diagnostic(say(Diag.WeightUnexpected, "unexpected", { file, label: label(m), dtype: entries.get(m.source)!.dtype, shape: fmt(m.shape) }), undefined, { hint });
  });
  const missingHint = [
    missing.length === learned ? phrase(Diag.WeightMissing, "noneHint", { learned, file }) : undefined,
    unexpected.length > 0 && !map ? phrase(Diag.WeightMissing, "namesHint") : undefined,
    provenance,
  ]
    .filter(Boolean)
    .join("; ");
  const missingDiags = missing.map(({ name, expected }, i) =>
    diagnostic(say(Diag.WeightMissing, "missing", { name, dtype: expected.dtype, shape: fmt(expected.shape), file }), undefined, i === 0 && missingHint ? { hint: missingHint } : {}),
  );

  const diagnostics: Diagnostic[] = [
    ...mapping.diagnostics,
    ...capped(missingDiags, (count) => say(Diag.WeightMissing, "more", { count, file, missing: missing.length, learned })),
    ...capped(unexpectedDiags, (count) => say(Diag.WeightUnexpected, "more", { count, file, total: unexpected.length })),
    ...capped(shapeErrors, (count) => say(Diag.WeightShape, "more", { count, file })),
    ...capped(dtypeErrors, (count) => say(Diag.WeightDtype, "more", { count, file })),
  ];
  if (fills.size > 0) {
    const names = [...fills.keys()];
    diagnostics.push(
      diagnostic(say(Diag.WeightFilled, "momentum", { count: names.length, file, names: listed(names) })),
    );
  }
  if (keptBuffers.length > 0) diagnostics.push(diagnostic(say(Diag.WeightFilled, "buffers", { file, names: listed(keptBuffers) })));
  return { sources, fills, diagnostics };
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((n) => `\`${n}\``);
  return names.length > 5 ? phrase(Diag.WeightFilled, "listedMore", { names: shown.join(", "), count: names.length - 5 }) : shown.join(", ");
}

function shapeHint(got: readonly number[], want: readonly number[]): { hint?: string } {
  if (numelOf(got) !== numelOf(want)) return {};
  if (got.length === 2 && want.length === 2 && got[0] === want[1] && got[1] === want[0]) return { hint: phrase(Diag.WeightShape, "transposedHint") };
  return { hint: phrase(Diag.WeightShape, "elementsHint", { count: numelOf(got) }) };
}

function dtypeHint(want: DType): string {
  const from = (Object.keys(ITEM_SIZE) as StDtype[]).filter((s) => loadsInto(s, want));
  return phrase(Diag.WeightDtype, "loadsFromHint", { dtype: want, dtypes: from.join(", ") });
}

/** "the file was written for …" when a vlmc file's model or variant differs from this one. */
function writtenFor(ir: IrGraph, metadata: Readonly<Record<string, string>>): string | undefined {
  const model = metadata["vlmc.model"];
  if (model === undefined) return undefined;
  const variant = metadata["vlmc.variant"] ?? "";
  if (model === ir.model && variant === (ir.variant ?? "")) return undefined;
  const inVariant = (v: string | undefined): string => (v ? phrase(Diag.WeightUnexpected, "variant", { variant: v }) : "");
  return phrase(Diag.WeightUnexpected, "writtenForHint", { model, variant: inVariant(variant), ours: ir.model, ourVariant: inVariant(ir.variant) });
}
