// Weight maps: JSON files that let a checkpoint from another code base (openai/CLIP, open_clip,
// the BLIP repository) load under a spec's parameter names, and export back to its layout.
//
//   {
//     "format": "vlmc-weight-map", "version": 1,
//     "description": "openai/CLIP state_dict → specs/models/clip.vlm",
//     "rules": [
//       { "from": "visual.conv1.weight", "to": "vision.patch_embed.weight" },
//       { "from": "transformer.resblocks.{i}.ln_1.{p}", "to": "text.layers.{i}.ln_1.{p}" },
//       { "from": "visual.proj", "to": "vision_proj.weight", "transpose": [1, 0] },
//       { "from": "visual.pos_embed", "to": "vision.pos_embed", "squeeze": [0] },
//       { "from": "{*blk}.attn.in_proj_weight", "split": 0, "to": ["{blk}.q.weight", "{blk}.k.weight", "{blk}.v.weight"] },
//       { "from": "input_resolution", "ignore": true, "why": "a hyperparameter, not a weight" }
//     ]
//   }
//
// Rules are tried in order and the first whose "from" matches a checkpoint name wins; a name no
// rule matches keeps its name. Patterns (pattern.ts): `{i}` captures one dotted segment, `{*rest}`
// one or more; "to" uses the same captures (as `{rest}` or `{*rest}`, alike). Optional transforms apply in a fixed order whatever
// the key order: "squeeze" (drop the listed size-1 axes), "transpose" (a permutation of the axes,
// numpy's order), "reshape" (a shape, at most one -1), then "split" (equal parts along an axis,
// one per "to" name) or "copy" (the same values under every "to" name). Every transform has an inverse (map-apply.ts), so the same map also writes
// weights back in the original layout; a "reshape" needs the original shape to be undone, so
// prefer "squeeze" for dropping leading 1s. `runtime/weights/README.md` documents the format.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";
import { capturesOf, compilePattern, type Pattern } from "./pattern.js";

export const MAP_FORMAT = "vlmc-weight-map";
export const MAP_VERSION = 1;

export interface Transform {
  readonly squeeze?: readonly number[];
  readonly transpose?: readonly number[];
  readonly reshape?: readonly number[];
}

export interface MapRule {
  /** Position in "rules" (0-based, as `rules[3]` in messages). */
  readonly index: number;
  readonly from: Pattern;
  /** One name for a rename; one per part for a split; none for an ignore. */
  readonly to: readonly Pattern[];
  /** The axis a fused tensor is split along. */
  readonly split?: number;
  /** One checkpoint tensor that several model tensors hold alike (BLIP's one `queue_ptr` for two queues). */
  readonly copy?: boolean;
  readonly ignore: boolean;
  readonly why?: string;
  readonly transform: Transform;
}

export interface WeightMap {
  /** Where the map came from, for messages. */
  readonly file: string;
  readonly description: string;
  readonly rules: readonly MapRule[];
}

const TOP_KEYS = new Set(["format", "version", "description", "comment", "rules"]);
const RULE_KEYS = new Set(["from", "to", "split", "copy", "squeeze", "transpose", "reshape", "ignore", "why", "comment"]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isIntList = (v: unknown, min: number): v is number[] => Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= min);

export function mapError(file: string, where: string, what: string, hint?: string): Diagnostic {
  const said = where ? say(Diag.WeightMap, "inRule", { file, where, problem: what }) : say(Diag.WeightMap, "inFile", { file, problem: what });
  return diagnostic(said, undefined, hint ? { hint } : {});
}

/** Validates a map's JSON text; `file` names it in messages. */
export function parseWeightMap(text: string, file: string): { map: WeightMap | undefined; diagnostics: Diagnostic[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { map: undefined, diagnostics: [mapError(file, "", `not valid JSON (${(e as Error).message})`)] };
  }
  const hint = `a weight map is {"format": "${MAP_FORMAT}", "version": ${MAP_VERSION}, "rules": [...]}; see runtime/weights/README.md`;
  if (!isRecord(raw)) return { map: undefined, diagnostics: [mapError(file, "", "not a JSON object", hint)] };
  const diagnostics: Diagnostic[] = [];
  if (raw["format"] !== MAP_FORMAT) diagnostics.push(mapError(file, "", `"format" is ${JSON.stringify(raw["format"])}, not "${MAP_FORMAT}"`, hint));
  if (raw["version"] !== MAP_VERSION) {
    const newer = typeof raw["version"] === "number" && raw["version"] > MAP_VERSION;
    diagnostics.push(mapError(file, "", `"version" is ${JSON.stringify(raw["version"])}; this vlmc reads version ${MAP_VERSION}`, newer ? "the map was written for a newer vlmc" : hint));
  }
  for (const key of Object.keys(raw)) if (!TOP_KEYS.has(key)) diagnostics.push(mapError(file, "", `unknown key ${JSON.stringify(key)}`, hint));
  const description = typeof raw["description"] === "string" ? raw["description"] : "";
  if (raw["description"] !== undefined && typeof raw["description"] !== "string") diagnostics.push(mapError(file, "", `"description" is not a string`));
  if (!Array.isArray(raw["rules"])) {
    diagnostics.push(mapError(file, "", `"rules" is missing or not a list`, hint));
    return { map: undefined, diagnostics };
  }
  const rules: MapRule[] = [];
  raw["rules"].forEach((r: unknown, index: number) => {
    const problems: string[] = [];
    const rule = readRule(r, index, problems);
    for (const p of problems) diagnostics.push(mapError(file, `rules[${index}]`, p));
    if (rule) rules.push(rule);
  });
  return diagnostics.length > 0 ? { map: undefined, diagnostics } : { map: { file, description, rules }, diagnostics };
}

function readRule(raw: unknown, index: number, problems: string[]): MapRule | undefined {
  if (!isRecord(raw)) {
    problems.push(`a rule must be an object with "from" and "to" (or "ignore")`);
    return undefined;
  }
  for (const key of Object.keys(raw)) if (!RULE_KEYS.has(key)) problems.push(`unknown key ${JSON.stringify(key)} (a rule has ${[...RULE_KEYS].join(", ")})`);
  if (typeof raw["from"] !== "string") {
    problems.push(`"from" must be a string pattern`);
    return undefined;
  }
  const from = compilePattern(raw["from"]);
  if (typeof from === "string") {
    problems.push(from);
    return undefined;
  }
  if (raw["why"] !== undefined && typeof raw["why"] !== "string") problems.push(`"why" must be a string`);
  const why = typeof raw["why"] === "string" ? raw["why"] : undefined;
  if (raw["ignore"] !== undefined) {
    if (raw["ignore"] !== true) problems.push(`"ignore" can only be true`);
    for (const k of ["to", "split", "copy", "squeeze", "transpose", "reshape"]) if (raw[k] !== undefined) problems.push(`an ignore rule cannot also have "${k}"`);
    return problems.length ? undefined : { index, from, to: [], ignore: true, transform: {}, ...(why ? { why } : {}) };
  }
  const split = raw["split"];
  if (split !== undefined && !(Number.isSafeInteger(split) && (split as number) >= 0)) problems.push(`"split" must be an axis (a non-negative integer)`);
  const copy = raw["copy"];
  if (copy !== undefined && copy !== true) problems.push(`"copy" can only be true`);
  if (copy !== undefined && split !== undefined) problems.push(`a rule either splits a tensor or copies it, not both`);
  const many = split !== undefined || copy === true;
  const toRaw = raw["to"];
  const names = !many ? (typeof toRaw === "string" ? [toRaw] : undefined) : Array.isArray(toRaw) && toRaw.length >= 2 && toRaw.every((t) => typeof t === "string") ? (toRaw as string[]) : undefined;
  if (!names) {
    problems.push(!many ? `"to" must be a string pattern (a list of names needs "split" or "copy")` : `"to" of a ${split !== undefined ? "split" : "copy"} must list two or more names`);
    return undefined;
  }
  const to: Pattern[] = [];
  const captures = capturesOf(from);
  for (const n of names) {
    const p = compilePattern(n);
    if (typeof p === "string") {
      problems.push(p);
      continue;
    }
    for (const name of capturesOf(p).keys()) if (!captures.has(name)) problems.push(`"to" pattern "${n}" uses {${name}}, which "from" does not capture`);
    // A capture means what "from" made it ({m} in "to" may name a {*m}), so "to" matches back.
    to.push({ text: p.text, segments: p.segments.map((seg) => (seg.kind === "literal" ? seg : { kind: captures.get(seg.name) ?? seg.kind, name: seg.name })) });
  }
  const transform = readTransform(raw, problems);
  if (problems.length > 0) return undefined;
  return { index, from, to, ignore: false, transform, ...(split !== undefined ? { split: split as number } : {}), ...(copy === true ? { copy: true } : {}), ...(why ? { why } : {}) };
}

function readTransform(raw: Record<string, unknown>, problems: string[]): Transform {
  const out: { squeeze?: number[]; transpose?: number[]; reshape?: number[] } = {};
  const { squeeze, transpose, reshape } = raw;
  if (squeeze !== undefined) {
    if (!isIntList(squeeze, 0) || squeeze.length === 0 || new Set(squeeze).size !== squeeze.length) problems.push(`"squeeze" must list distinct axes (non-negative integers)`);
    else out.squeeze = squeeze;
  }
  if (transpose !== undefined) {
    const ok = isIntList(transpose, 0) && transpose.length > 0 && [...transpose].sort((a, b) => a - b).every((v, i) => v === i);
    if (!ok) problems.push(`"transpose" must be a permutation of 0..n-1 (e.g. [1, 0]), got ${JSON.stringify(transpose)}`);
    else out.transpose = transpose as number[];
  }
  if (reshape !== undefined) {
    const ok = isIntList(reshape, -1) && reshape.filter((d) => d === -1).length <= 1;
    if (!ok) problems.push(`"reshape" must be a shape of non-negative sizes with at most one -1, got ${JSON.stringify(reshape)}`);
    else out.reshape = reshape as number[];
  }
  return out;
}
