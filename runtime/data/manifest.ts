// A pack's manifest.json: what the shards hold and how they were made. It is written last and
// atomically (temporary file, fsync, rename, fsync of the folder), and `vlmc data pack` removes
// the previous one before writing any shard, so a manifest only ever names complete shards: a
// killed pack leaves a folder without a manifest, which `openDataset` refuses. Reading validates
// every field; each defect is a VLM6307 diagnostic.
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import { ioReason } from "../weights/safetensors.js";
import { CROP_MODES, RESIZE_FILTERS, type CropMode, type ResizeFilter } from "./resample.js";
import type { TokenizerInfo } from "./tokenizer.js";

export const MANIFEST_FILE = "manifest.json";
export const FORMAT = "vlmc-data";
export const VERSION = 1;

export interface ShardRecord {
  /** Relative to the pack's folder. */
  readonly file: string;
  readonly examples: number;
  /** The file's size, checked when the pack is opened. */
  readonly bytes: number;
}

export interface SkipRecord {
  readonly line: number;
  readonly image?: string;
  readonly reason: string;
}

export interface Manifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly examples: number;
  /** Distinct image files among the examples. */
  readonly images: number;
  readonly image: { readonly size: number; readonly resize: ResizeFilter; readonly crop: CropMode };
  readonly text: {
    /** Token rows are this long; a longer caption kept its special tokens and lost the end of its body. */
    readonly maxTokens: number;
    /** The largest id stored (padding included). */
    readonly maxId: number;
    readonly truncated: number;
    /** Captions whose word indices could not be recovered: each token counts as its own word. */
    readonly wordsApproximate: number;
  };
  readonly tokenizer: TokenizerInfo;
  readonly shards: readonly ShardRecord[];
  readonly sources: { readonly images: string; readonly captions: string; readonly lines: number };
  readonly skipped: { readonly total: number; readonly reasons: Readonly<Record<string, number>>; readonly first: readonly SkipRecord[] };
}

/** Writes `text` to `file` so that a crash leaves either the old file or the new one, never part of one. */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, "wx");
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
  try {
    const dirFd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some file systems cannot sync a folder; the rename is still atomic.
  }
}

export function writeManifest(dir: string, manifest: Manifest): Diagnostic[] {
  const file = path.join(dir, MANIFEST_FILE);
  try {
    writeFileAtomic(file, JSON.stringify(manifest, null, 2) + "\n");
    return [];
  } catch (e) {
    return [diagnostic(say(Diag.PackWrite, "manifest", { file, reason: ioReason(e) }))];
  }
}

function problem(file: string, what: string): Diagnostic {
  return diagnostic(say(Diag.DataManifest, "inFile", { file, problem: what }));
}

/** Reads and validates DIR/manifest.json. */
export function readManifest(dir: string): { manifest: Manifest | undefined; diagnostics: Diagnostic[] } {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    if (!fs.statSync(dir).isDirectory()) return { manifest: undefined, diagnostics: [problem(dir, phrase(Diag.DataManifest, "notFolder"))] };
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    const what = missing ? phrase(Diag.DataManifest, fs.existsSync(dir) ? "noManifest" : "noFolder") : phrase(Diag.DataManifest, "cannotRead", { reason: ioReason(e) });
    return { manifest: undefined, diagnostics: [problem(missing && !fs.existsSync(dir) ? dir : file, what)] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { manifest: undefined, diagnostics: [problem(file, phrase(Diag.DataManifest, "notJson", { reason: (e as Error).message }))] };
  }
  const problems = manifestProblems(raw);
  if (problems.length) return { manifest: undefined, diagnostics: problems.map((p) => problem(file, p)) };
  return { manifest: raw as Manifest, diagnostics: [] };
}

type Check = (v: unknown) => boolean;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const positive: Check = (v) => Number.isSafeInteger(v) && (v as number) > 0;
const ids: Check = (v) => Array.isArray(v) && v.every(count);
const oneOf =
  (choices: readonly string[]): Check =>
  (v) =>
    typeof v === "string" && choices.includes(v);

/** Field → check, by dotted path; each failing one is a problem. */
const FIELDS: readonly [string, Check, string][] = [
  ["examples", positive, "a positive integer"],
  ["images", positive, "a positive integer"],
  ["image.size", positive, "a positive integer"],
  ["image.resize", oneOf(RESIZE_FILTERS), RESIZE_FILTERS.join(" or ")],
  ["image.crop", oneOf(CROP_MODES), CROP_MODES.join(" or ")],
  ["text.maxTokens", positive, "a positive integer"],
  ["text.maxId", count, "a non-negative integer"],
  ["text.truncated", count, "a non-negative integer"],
  ["text.wordsApproximate", count, "a non-negative integer"],
  ["tokenizer.kind", oneOf(["wordpiece", "bpe", "json"]), "wordpiece, bpe or json"],
  ["tokenizer.vocabSize", positive, "a positive integer"],
  ["tokenizer.pad", count, "a non-negative integer"],
  ["tokenizer.prefix", ids, "a list of token ids"],
  ["tokenizer.suffix", ids, "a list of token ids"],
  ["shards", (v) => Array.isArray(v) && v.length > 0, "a non-empty list"],
];

function at(raw: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), raw);
}

function manifestProblems(raw: unknown): string[] {
  if (!isObject(raw)) return ["not a JSON object"];
  if (raw["format"] !== FORMAT) return [`not a vlmc data manifest (its "format" is ${JSON.stringify(raw["format"])}, not "${FORMAT}")`];
  if (raw["version"] !== VERSION) return [`written by another version of vlmc (format version ${JSON.stringify(raw["version"])}; this one reads ${VERSION})`];
  const out = FIELDS.filter(([field, ok]) => !ok(at(raw, field))).map(([field, , want]) => `"${field}" is ${JSON.stringify(at(raw, field)) ?? "missing"}, not ${want}`);
  if (out.length) return out;
  const shards = raw["shards"] as unknown[];
  shards.forEach((s, i) => {
    const fine = isObject(s) && typeof s["file"] === "string" && !s["file"].includes("/") && !s["file"].includes("\\") && positive(s["examples"]) && positive(s["bytes"]);
    if (!fine) out.push(`shard ${i} is ${JSON.stringify(s)}, not {"file": a file name in the pack's folder, "examples": > 0, "bytes": > 0}`);
  });
  if (out.length) return out;
  const total = (shards as ShardRecord[]).reduce((n, s) => n + s.examples, 0);
  if (total !== raw["examples"]) out.push(`its shards hold ${total} examples, but "examples" says ${raw["examples"]}`);
  return out;
}
