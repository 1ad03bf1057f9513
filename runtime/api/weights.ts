// Checkpoints of a generated model, as bytes (a browser has no file system: the caller reads and
// writes them), in exactly the format of the IR runtime (runtime/weights/save.ts, load.ts): one
// safetensors tensor per parameter owner — learned and momentum — and per buffer, under the IR's
// names, the same dtypes, and the same metadata (model, variant, format, share map). A file
// `vlmc run/train --save` wrote loads here, and one saved here loads there. Loading follows
// runtime/weights/load-plan.ts: a file may name a share group by its owner or any alias (copies
// must agree), momentum copies it lacks start from their sources and buffers it lacks keep their
// values, a training checkpoint's optimiser state is skipped; anything missing, unexpected,
// mis-shaped or mis-typed stops the load before a single value changes, with an Error listing
// it all. Values are assigned into the existing variables, so sharing survives a load.
import { tfDtype } from "../dtypes.js";
import type { HostData, HostTensor } from "../init.js";
import { tf, type Variable } from "../tf.js";
import { loadsInto, storageOf } from "../weights/dtypes.js";
import { TRAINING_STATE_PREFIX } from "../weights/load-plan.js";
import { vlmcMetadata } from "../weights/metadata.js";
import { encodeSafetensors, SafetensorsBytes, type StBytesEntry } from "../weights/safetensors-bytes.js";
import type { AnyModel } from "./model.js";
import type { StoredTensor } from "./module.js";

/** Problems of one kind listed one by one before the rest are counted (load-plan.ts MAX_LISTED). */
const MAX_LISTED = 20;

interface Stored {
  readonly variable: Variable;
  readonly decl: StoredTensor;
}

/** Every tensor a checkpoint of `model` holds: owners (learned and momentum) and buffers, by full name. */
function storedTensors(model: AnyModel): Map<string, Stored> {
  const out = new Map<string, Stored>();
  const slots = model.paramSlots();
  for (const [name, variable] of model.namedParameters()) {
    const { module, local } = slots.get(name)!;
    out.set(name, { variable, decl: module.declared.get(local)! });
  }
  const buffers = model.bufferSlots();
  for (const [name, variable] of model.namedBuffers()) {
    const { module, local } = buffers.get(name)!;
    out.set(name, { variable, decl: module.declared.get(local)! });
  }
  return out;
}

/** The model's weights and buffers as the bytes of a safetensors file. */
export function saveWeights(model: AnyModel, extraMetadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const entries: StBytesEntry[] = [...storedTensors(model)].map(([name, { variable, decl }]) => ({
    name,
    dtype: storageOf(decl.dtype),
    shape: decl.shape,
    data: () => variable.dataSync() as HostData,
  }));
  return encodeSafetensors(entries, vlmcMetadata(model.modelName, model.variant, model.aliases, extraMetadata));
}

/** What a load filled in rather than read (load-plan.ts reports these as warnings). */
export interface LoadReport {
  /** Momentum owners the file lacked, started from the owner they track. */
  readonly filledMomentum: readonly string[];
  /** Buffers the file lacked, which kept their values. */
  readonly keptBuffers: readonly string[];
}

/** Loads a safetensors image into `model`; throws an Error listing every problem, changing nothing. */
export function loadWeights(model: AnyModel, bytes: Uint8Array): LoadReport {
  const opened = SafetensorsBytes.open(bytes);
  if (!opened.reader) throw new Error(`not a safetensors file: ${opened.problems.slice(0, MAX_LISTED).join("; ")}`);
  const reader = opened.reader;
  const training = reader.header.metadata["vlmc.train"] !== undefined;
  const stored = storedTensors(model);
  const params = model.paramSlots();
  const problems = { missing: [] as string[], unexpected: [] as string[], shape: [] as string[], dtype: [] as string[], value: [] as string[], conflict: [] as string[] };
  const values = new Map<string, { from: string; tensor: HostTensor }>();
  // Named by the file, fitting or not: a mis-shaped tensor is reported as that, not as missing too.
  const named = new Set<string>();
  for (const entry of reader.header.entries.values()) {
    if (training && entry.name.startsWith(TRAINING_STATE_PREFIX)) continue;
    const key = params.has(entry.name) ? (model.aliases.get(entry.name) ?? entry.name) : entry.name;
    const target = stored.get(key);
    if (!target) {
      problems.unexpected.push(`${entry.name} (${entry.dtype}[${entry.shape.join(", ")}])`);
      continue;
    }
    named.add(key);
    const { shape, dtype } = target.decl;
    if (entry.shape.join() !== shape.join()) {
      problems.shape.push(`${entry.name} is [${entry.shape.join(", ")}], the model's is [${shape.join(", ")}]`);
      continue;
    }
    if (!loadsInto(entry.dtype, dtype)) {
      problems.dtype.push(`${entry.name} is stored as ${entry.dtype}, which does not load into ${dtype}`);
      continue;
    }
    const read = reader.read(entry.name, dtype);
    if (!read.ok) {
      problems.value.push(read.message);
      continue;
    }
    const first = values.get(key);
    if (!first) values.set(key, { from: entry.name, tensor: read.tensor });
    else if (!sameValues(first.tensor, read.tensor)) problems.conflict.push(`${first.from} and ${entry.name} hold different values for the shared ${key}`);
  }
  const momentum = new Map(model.momentumLinks.map((l) => [l.param, model.aliases.get(l.source) ?? l.source]));
  const filledMomentum: string[] = [];
  const keptBuffers: string[] = [];
  for (const name of stored.keys()) {
    if (named.has(name)) continue;
    const source = momentum.get(name);
    if (model.bufferSlots().has(name)) keptBuffers.push(name);
    else if (source === undefined) problems.missing.push(name);
    else if (values.has(source)) {
      values.set(name, values.get(source)!);
      filledMomentum.push(name);
    }
  }
  const report = Object.entries(problems).filter(([, list]) => list.length > 0);
  if (report.length > 0) {
    const lines = report.map(([kind, list]) => `${kind}: ${list.slice(0, MAX_LISTED).join("; ")}${list.length > MAX_LISTED ? `; … (${list.length} in all)` : ""}`);
    throw new Error(`the weights do not fit ${model.modelName || "the model"}, nothing was loaded\n  ${lines.join("\n  ")}`);
  }
  tf.tidy(() => {
    for (const [name, { tensor }] of values) stored.get(name)!.variable.assign(tf.tensor(tensor.data, [...tensor.shape], tfDtype(tensor.dtype)));
  });
  return { filledMomentum, keptBuffers };
}

function sameValues(a: HostTensor, b: HostTensor): boolean {
  for (let i = 0; i < a.data.length; i++) {
    const [x, y] = [a.data[i]!, b.data[i]!];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}
