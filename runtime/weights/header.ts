// The safetensors header, parsed and fully validated before a single tensor is read: an 8-byte
// little-endian length, then that many bytes of UTF-8 JSON mapping each tensor name to
// {dtype, shape, data_offsets: [begin, end]} (offsets relative to the data that follows), plus an
// optional "__metadata__" of string → string. Like the reference implementation, the tensors must
// tile the data exactly: no overlaps, no holes, nothing after the last one. Every defect found is
// reported (as text; safetensors.ts makes the diagnostics), never thrown.
import { isStDtype, ITEM_SIZE, UNSUPPORTED_DTYPES, type StDtype } from "./dtypes.js";

/** The reference implementation's limit; a larger length means the file is not safetensors. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface StEntry {
  readonly name: string;
  readonly dtype: StDtype;
  readonly shape: readonly number[];
  /** Absolute byte range in the file. */
  readonly begin: number;
  readonly end: number;
}

export interface StHeader {
  /** In the order of their data. */
  readonly entries: ReadonlyMap<string, StEntry>;
  readonly metadata: Readonly<Record<string, string>>;
  /** Absolute offset of the data buffer. */
  readonly dataStart: number;
}

export type HeaderResult = { readonly header: StHeader; readonly problems: readonly [] } | { readonly header: undefined; readonly problems: readonly string[] };

/** Validates the 8 length bytes against the file size; returns the JSON's length or a problem. */
export function headerLength(prefix: Uint8Array, fileSize: number): number | string {
  if (fileSize < 8) return `the file is ${fileSize} bytes long, too short for a safetensors header (an 8-byte length, then JSON)`;
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const length = hi * 2 ** 32 + lo;
  if (length > MAX_HEADER_BYTES) return `its header length field says ${length} bytes (the limit is ${MAX_HEADER_BYTES}): this is not a safetensors file`;
  if (length < 2) return `its header length field says ${length} bytes, too short for a JSON header`;
  if (8 + length > fileSize) return `its header length field says ${length} bytes but only ${fileSize - 8} follow it: the file is truncated or not safetensors`;
  return length;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Parses and validates the JSON header; `fileSize` bounds the data buffer. */
export function parseHeader(json: Uint8Array, fileSize: number): HeaderResult {
  const dataStart = 8 + json.byteLength;
  const dataLength = fileSize - dataStart;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(json);
  } catch {
    return fail([`its header is not valid UTF-8 text`]);
  }
  if (!text.startsWith("{")) return fail([`its header does not start with '{' (found ${JSON.stringify(text.slice(0, 12))}): this is not a safetensors file`]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail([`its header is not valid JSON (${(e as Error).message})`]);
  }
  if (!isRecord(raw)) return fail([`its header is not a JSON object`]);
  const problems: string[] = [];
  const metadata = readMetadata(raw["__metadata__"], problems);
  const entries: StEntry[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (name === "__metadata__") continue;
    const entry = readEntry(name, value, dataStart, problems);
    if (entry) entries.push(entry);
  }
  checkTiling(entries, dataStart, dataLength, problems);
  if (problems.length > 0) return fail(problems);
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  return { header: { entries: new Map(entries.map((e) => [e.name, e])), metadata, dataStart }, problems: [] };
}

function fail(problems: readonly string[]): HeaderResult {
  return { header: undefined, problems };
}

function readMetadata(value: unknown, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.push(`its "__metadata__" is not an object of strings`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out[k] = v;
    else problems.push(`its "__metadata__" entry ${JSON.stringify(k)} is not a string`);
  }
  return out;
}

function readEntry(name: string, value: unknown, dataStart: number, problems: string[]): StEntry | undefined {
  const where = `tensor ${JSON.stringify(name)}`;
  if (!isRecord(value)) {
    problems.push(`${where} is not an object with dtype, shape and data_offsets`);
    return undefined;
  }
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== "string") {
    problems.push(`${where} has no dtype`);
    return undefined;
  }
  if (!isStDtype(dtype)) {
    const known = UNSUPPORTED_DTYPES.includes(dtype);
    problems.push(`${where} has ${known ? "unsupported" : "unknown"} dtype ${JSON.stringify(dtype)} (vlmc reads ${Object.keys(ITEM_SIZE).join(", ")})`);
    return undefined;
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    problems.push(`${where} has shape ${JSON.stringify(shape)}, not a list of non-negative integers`);
    return undefined;
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    problems.push(`${where} has data_offsets ${JSON.stringify(offsets)}, not [begin, end] with 0 ≤ begin ≤ end`);
    return undefined;
  }
  const numel = (shape as number[]).reduce((a, b) => a * b, 1);
  const need = numel * ITEM_SIZE[dtype];
  const [begin, end] = offsets as [number, number];
  if (!Number.isSafeInteger(need) || end - begin !== need) {
    problems.push(`${where} (${dtype} [${shape.join(", ")}]) needs ${need} bytes but its data_offsets [${begin}, ${end}] span ${end - begin}`);
    return undefined;
  }
  return { name, dtype, shape: shape as number[], begin: dataStart + begin, end: dataStart + end };
}

/** The tensors must cover the data exactly once, in some order. */
function checkTiling(entries: readonly StEntry[], dataStart: number, dataLength: number, problems: string[]): void {
  const rel = (e: StEntry): string => `${JSON.stringify(e.name)} [${e.begin - dataStart}, ${e.end - dataStart}]`;
  for (const e of entries) {
    if (e.end - dataStart > dataLength) problems.push(`tensor ${rel(e)} runs past the end of the data (${dataLength} bytes): the file is truncated or its offsets are wrong`);
  }
  const sorted = [...entries].filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = dataStart;
  let last: StEntry | undefined;
  for (const e of sorted) {
    if (e.begin < covered && last) problems.push(`tensors ${rel(last)} and ${rel(e)} overlap`);
    else if (e.begin > covered) problems.push(`bytes [${covered - dataStart}, ${e.begin - dataStart}) of the data belong to no tensor`);
    if (e.end > covered) {
      covered = e.end;
      last = e;
    }
  }
  const end = Math.min(covered, dataStart + dataLength);
  if (problems.length === 0 && end < dataStart + dataLength) problems.push(`the file has ${dataStart + dataLength - end} bytes after the last tensor's data`);
}
