// Loading a checkpoint into a model: `loadWeights(ir, file, { map })` gives host tensors keyed
// by the names ModelState stores (parameter owners, learned and momentum, and buffers), ready for
// `ModelState.assign` (save.ts `loadIntoState`). It is all or nothing: the header is matched to
// the model first (load-plan.ts), then the data is read and converted, the copies of a shared
// tensor compared; if anything is wrong nothing is returned, and the diagnostics say everything
// that is wrong. A file written by vlmc (save.ts) stores each share group once, under its owner,
// and loads like any other: owners and aliases are both accepted names.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, hasErrors, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import type { DType, IrGraph } from "../../compiler/ir/types.js";
import type { HostTensor } from "../init.js";
import { applyForward, type MappedTensor } from "./map-apply.js";
import { readWeightMap } from "./map-file.js";
import type { WeightMap } from "./map.js";
import { planLoad, MAX_LISTED, type LoadPlan } from "./load-plan.js";
import { openSafetensors, type SafetensorsReader } from "./safetensors.js";

export interface LoadOptions {
  /** A weight map, parsed or as the path of its JSON file, for a checkpoint from another code base. */
  readonly map?: WeightMap | string;
}

export interface LoadResult {
  /** Stored tensor name → value; empty when any error was found. */
  readonly tensors: Map<string, HostTensor>;
  readonly diagnostics: Diagnostic[];
}

export function loadWeights(ir: IrGraph, file: string, opts: LoadOptions = {}): LoadResult {
  const nothing = (diagnostics: readonly Diagnostic[]): LoadResult => ({ tensors: new Map(), diagnostics: [...diagnostics] });
  let map: WeightMap | undefined;
  if (typeof opts.map === "string") {
    const parsed = readWeightMap(opts.map);
    if (!parsed.map) return nothing(parsed.diagnostics);
    map = parsed.map;
  } else map = opts.map;
  const { reader, diagnostics: fileDiagnostics } = openSafetensors(file);
  if (!reader) return nothing(fileDiagnostics);
  const plan = planLoad(ir, file, reader.entries, reader.metadata, map);
  if (hasErrors(plan.diagnostics)) return nothing(plan.diagnostics);
  const { tensors, diagnostics } = readPlanned(ir, reader, plan);
  const all = [...plan.diagnostics, ...diagnostics];
  return hasErrors(all) ? nothing(all) : { tensors, diagnostics: all };
}

function dtypeOf(ir: IrGraph, name: string): DType {
  const t = ir.params.get(name) ?? ir.buffers.get(name);
  if (!t) throw new Error(`'${name}' is not a stored tensor of the model (internal error)`);
  return t.dtype;
}

/**
 * Reads every planned tensor. A fused file tensor is read and split once, however many targets
 * it feeds; its parts are dropped as soon as the last target has taken its own.
 */
function readPlanned(ir: IrGraph, reader: SafetensorsReader, plan: LoadPlan): { tensors: Map<string, HostTensor>; diagnostics: Diagnostic[] } {
  const file = reader.file;
  const tensors = new Map<string, HostTensor>();
  const diagnostics: Diagnostic[] = [];
  const conflicts: Diagnostic[] = [];
  const pending = new Map<string, number>();
  for (const list of plan.sources.values()) for (const m of list) pending.set(m.source, (pending.get(m.source) ?? 0) + 1);
  const cache = new Map<string, HostTensor[] | undefined>();
  const partOf = (m: MappedTensor, want: DType): HostTensor | undefined => {
    const key = `${m.source}\u0000${want}`;
    if (!cache.has(key)) {
      const read = reader.read(m.source, want);
      if (read.ok) cache.set(key, applyForward(m.rule, read.tensor));
      else {
        cache.set(key, undefined);
        diagnostics.push(diagnostic(read.problem === "file" ? say(Diag.WeightsFile, "inFile", { file, problem: read.message }) : say(Diag.WeightDtype, "value", { file, problem: read.message, expected: want })));
      }
    }
    const parts = cache.get(key);
    const left = pending.get(m.source)! - 1;
    pending.set(m.source, left);
    if (left === 0) cache.delete(key);
    return parts?.[m.part];
  };
  for (const [name, list] of plan.sources) {
    const want = dtypeOf(ir, name);
    let first: { m: MappedTensor; t: HostTensor } | undefined;
    for (const m of list) {
      const t = partOf(m, want);
      if (!t) continue;
      if (!first) first = { m, t };
      else {
        const diff = difference(first.t, t);
        if (diff) conflicts.push(conflict(file, name, first.m, m, diff));
      }
    }
    if (first) tensors.set(name, first.t);
  }
  for (const [momentum, source] of plan.fills) {
    const t = tensors.get(source);
    if (t) tensors.set(momentum, t);
  }
  if (conflicts.length > MAX_LISTED) conflicts.splice(MAX_LISTED, conflicts.length, diagnostic(say(Diag.WeightConflict, "more", { count: conflicts.length - MAX_LISTED, file })));
  return { tensors, diagnostics: [...diagnostics, ...conflicts] };
}

/** Where two copies first differ and by how much at most, or undefined if they are identical. */
function difference(a: HostTensor, b: HostTensor): { at: number; max: number } | undefined {
  let at = -1;
  let max = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!;
    const y = b.data[i]!;
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (at < 0) at = i;
    max = Math.max(max, Number.isNaN(x - y) ? Infinity : Math.abs(x - y));
  }
  return at < 0 ? undefined : { at, max };
}

function conflict(file: string, owner: string, a: MappedTensor, b: MappedTensor, diff: { at: number; max: number }): Diagnostic {
  const name = (m: MappedTensor): string =>
    m.source === m.target ? phrase(Diag.WeightConflict, "copy", { target: m.target }) : phrase(Diag.WeightConflict, "mappedCopy", { source: m.source, target: m.target });
  return diagnostic(say(Diag.WeightConflict, "disagree", { a: name(a), b: name(b), file, owner, at: diff.at, max: diff.max }));
}
