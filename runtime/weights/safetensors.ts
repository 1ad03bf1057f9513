// Reading and writing safetensors files (https://github.com/huggingface/safetensors): the
// checkpoint format of vlmc, and the one PyTorch, JAX and the Hugging Face hub share.
// Reading is lazy: `openSafetensors` reads and validates only the header; each tensor's bytes are
// read at its offset when asked for, in bounded chunks, so a multi-gigabyte file never sits in one
// Buffer. Writing is atomic: the bytes go to a temporary file in the target's folder, which is
// synced and then renamed over the target, so a crash mid-write leaves the previous file intact.
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import type { DType } from "../../compiler/ir/types.js";
import { hostArray, numelOf, type HostData, type HostTensor } from "../init.js";
import { copiesInto, decodeInto, encode, ITEM_SIZE, type StDtype } from "./dtypes.js";
import { headerLength, parseHeader, type StEntry, type StHeader } from "./header.js";
import { byCodePoint, headerBytes } from "./safetensors-bytes.js";

export type { StEntry, StHeader } from "./header.js";

/** Bytes read or written per system call; bounds the scratch memory of a conversion. */
const CHUNK_BYTES = 16 * 2 ** 20;
/** Header defects reported one by one before the rest are counted. */
const MAX_LISTED = 20;

export type ReadResult =
  | { readonly ok: true; readonly tensor: HostTensor }
  /** `file`: the bytes could not be read; `value`: a value does not fit the IR dtype. */
  | { readonly ok: false; readonly problem: "file" | "value"; readonly message: string };

/** An open, validated safetensors file; tensors are read on demand. */
export class SafetensorsReader {
  constructor(
    readonly file: string,
    readonly header: StHeader,
  ) {}

  get entries(): ReadonlyMap<string, StEntry> {
    return this.header.entries;
  }

  get metadata(): Readonly<Record<string, string>> {
    return this.header.metadata;
  }

  /** Reads tensor `name` converted to the host layout of IR dtype `want` (dtypes.ts `loadsInto` must allow it). */
  read(name: string, want: DType): ReadResult {
    const entry = this.header.entries.get(name);
    if (!entry) throw new Error(`no tensor '${name}' in ${this.file} (internal error: callers read listed names)`);
    const numel = numelOf(entry.shape);
    let data: HostData;
    try {
      data = hostArray(want, numel);
    } catch {
      return { ok: false, problem: "file", message: `tensor '${name}' has ${numel} elements, more than one host array can hold` };
    }
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.file, "r");
      const problem = copiesInto(entry.dtype, data) ? readDirect(fd, entry, data) : readConverted(fd, entry, data);
      if (problem) return problem;
    } catch (e) {
      return { ok: false, problem: "file", message: `cannot read tensor '${name}': ${ioReason(e)}` };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    return { ok: true, tensor: { dtype: want, shape: entry.shape, data } };
  }
}

/** Fills `into` from `position`; false when the file ends first. */
function fill(fd: number, into: Uint8Array, position: number): boolean {
  let done = 0;
  while (done < into.byteLength) {
    const n = fs.readSync(fd, into, done, into.byteLength - done, position + done);
    if (n === 0) return false;
    done += n;
  }
  return true;
}

function readExactly(fd: number, into: Uint8Array, position: number, entry: StEntry): ReadResult | undefined {
  if (fill(fd, into, position)) return undefined;
  return { ok: false, problem: "file", message: `the file ended inside tensor '${entry.name}' (was it changed while being read?)` };
}

function readDirect(fd: number, entry: StEntry, data: HostData): ReadResult | undefined {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < bytes.byteLength; at += CHUNK_BYTES) {
    const problem = readExactly(fd, bytes.subarray(at, Math.min(at + CHUNK_BYTES, bytes.byteLength)), entry.begin + at, entry);
    if (problem) return problem;
  }
  if (entry.dtype === "BOOL") for (let i = 0; i < data.length; i++) if (data[i]! > 1) data[i] = 1;
  return undefined;
}

function readConverted(fd: number, entry: StEntry, data: HostData): ReadResult | undefined {
  const item = ITEM_SIZE[entry.dtype];
  const chunk = Math.max(item, CHUNK_BYTES - (CHUNK_BYTES % item));
  const scratch = new Uint8Array(Math.min(chunk, entry.end - entry.begin));
  for (let at = entry.begin; at < entry.end; at += chunk) {
    const bytes = scratch.subarray(0, Math.min(chunk, entry.end - at));
    const problem = readExactly(fd, bytes, at, entry);
    if (problem) return problem;
    const misfit = decodeInto(entry.dtype, bytes, data, (at - entry.begin) / item);
    if (misfit) return { ok: false, problem: "value", message: `tensor '${entry.name}' (${entry.dtype}): ${misfit}` };
  }
  return undefined;
}

function fileError(file: string, what: string): Diagnostic {
  return diagnostic(say(Diag.WeightsFile, "inFile", { file, problem: what }));
}

/** Opens `file` and validates its header; every defect is a VLM6201 diagnostic. */
export function openSafetensors(file: string): { reader: SafetensorsReader | undefined; diagnostics: Diagnostic[] } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { reader: undefined, diagnostics: [fileError(file, phrase(Diag.WeightsFile, "folder"))] };
    const prefix = new Uint8Array(8);
    if (stat.size >= 8) fill(fd, prefix, 0);
    const length = headerLength(prefix, stat.size);
    if (typeof length === "string") return { reader: undefined, diagnostics: [fileError(file, length)] };
    const json = new Uint8Array(length);
    if (!fill(fd, json, 8)) return { reader: undefined, diagnostics: [fileError(file, phrase(Diag.WeightsFile, "headerEnded"))] };
    const size = stat.size;
    const parsed = parseHeader(json, size);
    if (!parsed.header) {
      const listed = parsed.problems.slice(0, MAX_LISTED).map((p) => fileError(file, p));
      if (parsed.problems.length > MAX_LISTED) listed.push(fileError(file, phrase(Diag.WeightsFile, "moreDefects", { count: parsed.problems.length - MAX_LISTED })));
      return { reader: undefined, diagnostics: listed };
    }
    return { reader: new SafetensorsReader(file, parsed.header), diagnostics: [] };
  } catch (e) {
    return { reader: undefined, diagnostics: [fileError(file, phrase(Diag.WeightsFile, "cannotRead", { reason: ioReason(e) }))] };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A system error in words: "no such file" rather than an errno dump. */
export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOENT: "no such file or folder",
    EACCES: "permission denied",
    EISDIR: "it is a folder",
    ENOSPC: "no space left on the device",
    EROFS: "the file system is read-only",
    ENOTDIR: "a part of the path is not a folder",
  };
  return (err?.code && words[err.code]) ?? String(err?.message ?? e);
}

// ---- writing

export interface StWriteEntry {
  readonly name: string;
  readonly dtype: StDtype;
  readonly shape: readonly number[];
  /** The values (host layout), or a function giving them when the writer reaches this tensor. */
  readonly data: HostData | (() => HostData);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.byteLength) done += fs.writeSync(fd, bytes, done, bytes.byteLength - done);
}

/**
 * Writes `entries` (sorted by name, so the same tensors always give the same bytes, and the
 * bytes tools/safetensors_io.py writes for them) and
 * `metadata` to `file`, atomically. Returns VLM6201 diagnostics when the file cannot be written.
 */
export function writeSafetensors(file: string, entries: readonly StWriteEntry[], metadata: Readonly<Record<string, string>> = {}): Diagnostic[] {
  const sorted = [...entries].sort((a, b) => byCodePoint(a.name, b.name));
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.name === sorted[i - 1]!.name) throw new Error(`tensor '${sorted[i]!.name}' written twice (internal error)`);
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, "wx");
    writeAll(fd, headerBytes(sorted, metadata));
    for (const e of sorted) {
      const data = typeof e.data === "function" ? e.data() : e.data;
      const numel = numelOf(e.shape);
      if (data.length !== numel) throw new Error(`tensor '${e.name}' has ${data.length} values for shape [${e.shape.join(", ")}] (internal error)`);
      const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / ITEM_SIZE[e.dtype]));
      for (let from = 0; from < numel; from += perChunk) writeAll(fd, encode(e.dtype, data, from, Math.min(perChunk, numel - from)));
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
    syncFolder(dir);
    return [];
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    if (!(e as NodeJS.ErrnoException)?.code) throw e;
    return [fileError(file, phrase(Diag.WeightsFile, "cannotWrite", { reason: ioReason(e) }))];
  }
}

/** Makes the rename itself durable; some file systems cannot sync a folder, which is harmless. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
