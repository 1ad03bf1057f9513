// `vlmc summary`: a torchinfo-like tree of instances with output shapes, parameters (shared ones
// counted once, at their owner), what each instance shares with, and FLOPs (counted at every
// use); totals, trainable parameters per stage, and named parameter groups.
// Counting is exact (bigint). The report's fields stay numbers, which every reader can add and
// compare; a count past 2^53, where a number is only the nearest double, is also given exactly
// as a decimal string under `exact`, and the terminal table prints that.
import type { IrGraph, TensorType } from "../ir/types.js";
import { Dim } from "../shapes/dim.js";
import { FLOP_CONVENTION, evaluateExact, flopsByInstance, nodeFlops } from "./flops.js";
import { countOf, exactNumel, isLearned, paramTotals, trainableOwners } from "../ir/params.js";
import { countedFor, publishedHolds } from "../ir/params.js";

export const PARAM_SCOPE =
  "learned parameters of every instance, shared tensors counted once at their owner; momentum (EMA) copies and feature queues are state, reported separately";

export interface SummaryRow {
  /** An instance, or a parameter declared directly by an instance that also has sub-instances. */
  readonly kind: "instance" | "param";
  readonly path: string;
  readonly name: string;
  readonly block: string;
  readonly depth: number;
  readonly output: string | null;
  readonly calls: number;
  /** Learned parameters owned in this subtree. */
  readonly params: number;
  /** Elements in this subtree that are aliases of parameters owned elsewhere. */
  readonly shared: number;
  readonly sharedWith: string | null;
  readonly trainable: number;
  /** Momentum-copy parameters in this subtree. */
  readonly momentum: number;
  readonly flops: number | null;
  readonly flopsExpr: string;
  /** `params` and `flops` exactly, when past 2^53. */
  readonly exact?: ExactCounts;
}

/** Counts past 2^53 as exact decimal strings; the matching number fields hold the nearest double. */
export type ExactCounts = Readonly<Record<string, string>>;

export interface StageSummary {
  readonly name: string;
  readonly objectives: readonly string[];
  readonly trainable: number;
  readonly frozen: number;
}

export interface PublishedSummary {
  readonly name: string;
  readonly doc: string | null;
  readonly value: number;
  readonly tolerance: number;
  /** What the spec counts over the same scope. */
  readonly counted: number;
  /** The scope: patterns, or empty for every learned parameter. */
  readonly over: readonly string[];
  readonly holds: boolean;
  /** `counted` exactly, when past 2^53. */
  readonly exact?: ExactCounts;
}

export interface GroupSummary {
  readonly name: string;
  readonly params: number;
  readonly fraction: number;
}

export interface Summary {
  readonly model: string;
  readonly variant: string | null;
  readonly file: string;
  /** The model's doc comment: what it reproduces, from which source, in which scope. */
  readonly doc: string | null;
  readonly hypers: Readonly<Record<string, number | boolean | string>>;
  readonly scope: string;
  readonly flopConvention: string;
  readonly bindings: Readonly<Record<string, number>>;
  readonly params: { readonly total: number; readonly trainable: number; readonly shared: number; readonly momentum: number; readonly buffers: number };
  readonly flops: { readonly total: number | null; readonly expr: string };
  readonly stage: string | null;
  readonly stages: readonly StageSummary[];
  readonly groups: readonly GroupSummary[];
  readonly published: readonly PublishedSummary[];
  readonly objectives: readonly { readonly name: string; readonly weight: number }[];
  readonly rows: readonly SummaryRow[];
  /** Totals past 2^53 exactly (keys `total`, `trainable`, `shared`, `momentum`, `buffers`, `flops`). */
  readonly exact?: ExactCounts;
}

export interface SummaryOptions {
  readonly stage?: string;
  /** Values for input dims; B defaults to 1 (per-sample FLOPs). */
  readonly dims?: Readonly<Record<string, number>>;
}

function typeText(t: TensorType): string {
  return `${t.dtype}[${t.shape.map((d) => d.toString()).join(", ")}]`;
}

/** The counts that a number cannot hold exactly, as decimal strings; undefined if none. */
function exactCounts(counts: Readonly<Record<string, bigint | undefined>>): { exact?: ExactCounts } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(counts)) if (v !== undefined && (v > MAX_SAFE || v < -MAX_SAFE)) out[k] = String(v);
  return Object.keys(out).length ? { exact: out } : {};
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function numberOrNull(n: bigint | undefined): number | null {
  return n === undefined ? null : Number(n);
}

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

/** The deepest instance path containing every given path. */
function commonAncestor(paths: readonly string[]): string {
  let parts = paths[0]!.split(".");
  for (const p of paths.slice(1)) {
    const other = p.split(".");
    let k = 0;
    while (k < parts.length && k < other.length && parts[k] === other[k]) k++;
    parts = parts.slice(0, k);
  }
  return parts.join(".");
}

/**
 * Where an instance's aliased parameters live: the deepest instance holding all their owners
 * ("encoder.layers.3"), marked "tied" for weight tying and with the shared fraction when only
 * part of the instance is shared.
 */
function sharedWithText(ir: IrGraph, aliasNames: readonly string[], declared: number, aliased: number): string | null {
  if (aliasNames.length === 0) return null;
  const owners = aliasNames.map((a) => ir.params.get(ir.params.get(a)!.sharedWith!)!.instance);
  const where = commonAncestor(owners) || "the model";
  const tied = aliasNames.every((a) => ir.params.get(a)!.shareKind === "tie");
  const part = aliased < declared ? ` (${compact(aliased)} of ${compact(declared)})` : "";
  return `${tied ? "tied: " : ""}${where}${part}`;
}

export function summarize(ir: IrGraph, opts: SummaryOptions = {}): Summary {
  const stage = opts.stage === undefined ? undefined : ir.stages.find((s) => s.name === opts.stage);
  const bindings = new Map<string, Dim>([["B", Dim.of(1)]]);
  for (const [k, v] of Object.entries(opts.dims ?? {})) bindings.set(k, Dim.of(v));
  const perNode = nodeFlops(ir);
  const flops = flopsByInstance(ir, perNode);
  const trainable = trainableOwners(ir, stage);

  const rows: SummaryRow[] = [];
  const visit = (path: string, depth: number): { params: bigint; shared: bigint; trainable: bigint; momentum: bigint; aliases: string[]; declared: bigint } => {
    const inst = ir.instances.get(path)!;
    let params = 0n;
    let shared = 0n;
    let train = 0n;
    let momentum = 0n;
    let declared = 0n;
    const aliases: string[] = [];
    for (const name of inst.params) {
      const p = ir.params.get(name)!;
      const n = exactNumel(p);
      declared += n;
      if (!isLearned(p)) momentum += p.sharedWith ? 0n : n;
      else if (p.sharedWith) {
        shared += n;
        aliases.push(name);
      } else {
        params += n;
        if (trainable.has(name)) train += n;
      }
    }
    const index = rows.length;
    rows.push(undefined as unknown as SummaryRow);
    // Parameters declared beside sub-instances get rows of their own, so children add up.
    if (inst.children.length > 0) {
      for (const name of inst.params) {
        const p = ir.params.get(name)!;
        const n = Number(exactNumel(p));
        const learnedOwner = isLearned(p) && !p.sharedWith;
        rows.push({
          kind: "param",
          path: name,
          name: name.split(".").pop()!,
          block: "param",
          depth: depth + 1,
          output: `${p.dtype}[${p.shape.join(", ")}]`,
          calls: 0,
          params: learnedOwner ? n : 0,
          shared: p.sharedWith && isLearned(p) ? n : 0,
          sharedWith: p.sharedWith ? `${p.shareKind === "tie" ? "tied: " : ""}${p.sharedWith}` : null,
          trainable: learnedOwner && trainable.has(name) ? n : 0,
          momentum: isLearned(p) ? 0 : n,
          flops: 0,
          flopsExpr: "0",
        });
      }
    }
    for (const c of inst.children) {
      const sub = visit(c, depth + 1);
      params += sub.params;
      shared += sub.shared;
      train += sub.trainable;
      momentum += sub.momentum;
      declared += sub.declared;
      aliases.push(...sub.aliases);
    }
    const f = flops.get(path) ?? Dim.of(0);
    const name = path === "" ? ir.model : path.split(".").pop()!;
    const block = inst.block === "list" ? `${inst.children.length} × ${ir.instances.get(inst.children[0] ?? "")?.block ?? "?"}` : inst.block;
    const ema = inst.emaOf ? `momentum copy of ${inst.emaOf} (decay ${inst.emaDecay})` : null;
    const rowFlops = evaluateExact(f, bindings);
    rows[index] = {
      kind: "instance",
      path,
      name,
      block,
      depth,
      output: inst.firstOutput && inst.firstOutput.length ? inst.firstOutput.map(typeText).join(", ") : null,
      calls: inst.calls,
      params: Number(params),
      shared: Number(shared),
      sharedWith: ema ?? (path === "" ? null : sharedWithText(ir, aliases, Number(declared), Number(shared))),
      trainable: Number(train),
      momentum: Number(momentum),
      flops: numberOrNull(rowFlops),
      flopsExpr: f.toString(),
      ...exactCounts({ params, flops: rowFlops }),
    };
    return { params, shared, trainable: train, momentum, aliases, declared };
  };
  visit("", 0);

  const totals = paramTotals(ir);
  const total = flops.get("") ?? Dim.of(0);
  const totalFlops = evaluateExact(total, bindings);
  const trainableCount = countOf(ir, trainable);
  const groupTotal = Number(totals.total) || 1;
  const groups: GroupSummary[] = ir.groups.map((g) => {
    const n = Number(countOf(ir, g.params));
    return { name: g.name, params: n, fraction: n / groupTotal };
  });
  if (groups.length > 0) {
    const rest = Number(totals.total) - groups.reduce((a, g) => a + g.params, 0);
    if (rest > 0) groups.push({ name: "(other)", params: rest, fraction: rest / groupTotal });
  }
  return {
    model: ir.model,
    variant: ir.variant ?? null,
    file: ir.file,
    doc: ir.doc ?? null,
    hypers: ir.hypers,
    scope: PARAM_SCOPE,
    flopConvention: FLOP_CONVENTION,
    bindings: Object.fromEntries([...bindings].map(([k, v]) => [k, v.value!])),
    params: { total: Number(totals.total), trainable: Number(trainableCount), shared: Number(totals.shared), momentum: Number(totals.momentum), buffers: Number(totals.buffers) },
    flops: { total: numberOrNull(totalFlops), expr: total.toString() },
    stage: stage?.name ?? null,
    stages: ir.stages.map((s) => {
      const t = countOf(ir, trainableOwners(ir, s));
      return { name: s.name, objectives: s.objectives, trainable: Number(t), frozen: Number(totals.total - t) };
    }),
    groups,
    published: ir.published.map((p) => ({
      ...exactCounts({ counted: countedFor(ir, p) }),
      name: p.name,
      doc: p.doc ?? null,
      value: p.value,
      tolerance: p.tolerance,
      counted: Number(countedFor(ir, p)),
      over: p.over,
      holds: publishedHolds(ir, p),
    })),
    objectives: ir.objectives.map((o) => ({ name: o.name, weight: o.weight })),
    rows,
    ...exactCounts({ ...totals, trainable: trainableCount, flops: totalFlops }),
  };
}
