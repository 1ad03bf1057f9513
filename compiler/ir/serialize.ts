// The lossless, versioned JSON form of the IR (`vlmc ir FILE --json`) and its loader. Every field
// of IrGraph is kept: nodes with their keys, attributes (Dims marked as such), types with symbolic
// dims in the user's symbols, spans as [file, start, end] offsets into a file table, provenance
// frames in a frame table (a frame shared by many nodes is written once), and everything the
// graph holds beside its nodes. Writing is deterministic — same IR, same bytes — with one record
// per line so that two versions diff well. An input's data source is an optional field: version 1
// files written before sources existed read as inputs without one. `loadIr` rebuilds an equal, frozen graph, re-running
// every node's shape rule; a file it cannot read is VLM6008 saying what is wrong, never a throw.
import type { Span } from "../diagnostics/span.js";
import { Diag } from "../diagnostics/catalog.js";
import { type Said, phrase, say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceText, type SourceSet } from "../diagnostics/source-text.js";
import { IrFormatError, isRecord, writeAttr, writeDim, writeNumber, writeType } from "./json-codec.js";
import { readGraph } from "./read-ir.js";
import { PARAM_MARKS, type Frame, type InitSpec, type IrGraph, type IrSource, type IrUpdate, type SourceValue } from "./types.js";
import { verifyIr } from "./verify.js";

export const IR_FORMAT = "vlmc-ir";
/** Bumped whenever a reader of the previous version would misread the file. */
export const IR_VERSION = 1;

export interface SerializeOptions {
  /** The spec files' texts: embedded in the file table, so a loaded IR renders source excerpts. */
  readonly sources?: SourceSet;
  /** How a file is named in the output (default: as in the IR), e.g. relative to the spec's folder. */
  readonly fileName?: (file: string) => string;
}

type JsonSpan = [number, number, number];

/** Spans and frames become indices into tables filled in order of first use. */
class Tables {
  readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  readonly frames: { parent: number | null; label: string; site: JsonSpan; call?: string }[] = [];
  private readonly frameIndex = new Map<Frame, number>();
  constructor(private readonly rename: (file: string) => string) {}

  span(s: Span): JsonSpan {
    const name = this.rename(s.file);
    let i = this.fileIndex.get(name);
    if (i === undefined) {
      i = this.files.length;
      this.files.push(name);
      this.fileIndex.set(name, i);
    }
    return [i, s.start, s.end];
  }

  frame(f: Frame | undefined): number | null {
    if (!f) return null;
    const known = this.frameIndex.get(f);
    if (known !== undefined) return known;
    const parent = this.frame(f.parent);
    const entry = { parent, label: f.label, site: this.span(f.site), ...opt("call", f.call) };
    this.frames.push(entry);
    this.frameIndex.set(f, this.frames.length - 1);
    return this.frames.length - 1;
  }
}

/** Keeps `key` only when the value is present, so optional fields stay absent when read back. */
function opt<T>(key: string, v: T | undefined): Record<string, T> {
  return v === undefined ? {} : { [key]: v };
}

function writeInit(init: InitSpec): unknown {
  return { kind: init.kind, args: Object.fromEntries(Object.entries(init.args).map(([k, v]) => [k, writeNumber(v)])) };
}

function writeSource(s: IrSource): unknown {
  const value = (v: SourceValue): unknown => (typeof v === "string" ? v : typeof v === "number" ? writeNumber(v) : v.map(writeNumber));
  return { kind: s.kind, args: Object.fromEntries(Object.entries(s.args).map(([k, v]) => [k, value(v)])) };
}

function writeUpdate(u: IrUpdate): unknown {
  return u.kind === "ema"
    ? { kind: u.kind, param: u.param, source: u.source, decay: writeNumber(u.decay) }
    : { kind: u.kind, queue: u.queue, pointer: u.pointer, value: u.value, node: u.node };
}

export function serializeIr(ir: IrGraph, options: SerializeOptions = {}): string {
  const rename = options.fileName ?? ((f: string) => f);
  const t = new Tables(rename);
  const nodes = ir.nodes.map((n) => ({
    id: n.id,
    key: n.key,
    op: n.op,
    inputs: n.inputs,
    attrs: Object.fromEntries(Object.entries(n.attrs).map(([k, v]) => [k, writeAttr(v)])),
    type: writeType(n.type),
    scope: n.scope,
    mode: n.mode,
    span: t.span(n.prov.span),
    frame: t.frame(n.prov.frame),
  }));
  const rest: [string, unknown][] = [
    ["inputs", ir.inputs.map((i) => ({ name: i.name, node: i.node, ...opt("source", i.source && writeSource(i.source)), span: t.span(i.span) }))],
    ["outputs", [...ir.outputs]],
    ["nodes", nodes],
    [
      "params",
      [...ir.params.values()].map((p) => ({
        name: p.name,
        dtype: p.dtype,
        shape: p.shape,
        init: writeInit(p.init),
        instance: p.instance,
        ...opt("sharedWith", p.sharedWith),
        ...opt("shareKind", p.shareKind),
        ...opt("emaOf", p.emaOf),
        ...opt("marks", PARAM_MARKS.some((m) => p[m]) ? PARAM_MARKS.filter((m) => p[m]) : undefined),
        span: t.span(p.span),
        ...opt("doc", p.doc),
      })),
    ],
    [
      "buffers",
      [...ir.buffers.values()].map((b) => ({ name: b.name, dtype: b.dtype, shape: b.shape, init: writeInit(b.init), role: b.role, ...opt("pointer", b.pointer), span: t.span(b.span) })),
    ],
    [
      "instances",
      [...ir.instances.values()].map((i) => ({
        path: i.path,
        block: i.block,
        parent: i.parent ?? null,
        children: i.children,
        params: i.params,
        calls: i.calls,
        ...opt("firstInput", i.firstInput?.map(writeType)),
        ...opt("firstOutput", i.firstOutput?.map(writeType)),
        ...opt("emaOf", i.emaOf),
        ...opt("emaDecay", i.emaDecay === undefined ? undefined : writeNumber(i.emaDecay)),
        span: t.span(i.span),
        ...opt("doc", i.doc),
      })),
    ],
    ["objectives", ir.objectives.map((o) => ({ name: o.name, node: o.node, weight: writeNumber(o.weight), span: t.span(o.span), ...opt("doc", o.doc) }))],
    ["stages", ir.stages.map((s) => ({ name: s.name, objectives: s.objectives, frozen: s.frozen, span: t.span(s.span), ...opt("doc", s.doc) }))],
    ["groups", ir.groups.map((g) => ({ name: g.name, params: g.params, span: t.span(g.span) }))],
    [
      "published",
      ir.published.map((p) => ({
        name: p.name,
        value: writeNumber(p.value),
        tolerance: writeNumber(p.tolerance),
        params: p.params ?? null,
        over: p.over,
        span: t.span(p.span),
        ...opt("doc", p.doc),
      })),
    ],
    ["effects", ir.effects],
    ["updates", ir.updates.map(writeUpdate)],
    ["assertions", ir.assertions.map((a) => ({ message: a.message, lhs: writeDim(a.lhs), op: a.op, rhs: writeDim(a.rhs), span: t.span(a.span) }))],
  ];
  const head: [string, unknown][] = [
    ["format", IR_FORMAT],
    ["version", IR_VERSION],
    ["model", ir.model],
    ["variant", ir.variant ?? null],
    ["file", rename(ir.file)],
    ...(ir.doc !== undefined ? [["doc", ir.doc] as [string, unknown]] : []),
    ["hypers", Object.fromEntries(Object.entries(ir.hypers).map(([k, v]) => [k, typeof v === "number" ? writeNumber(v) : v]))],
    ["files", t.files.map((path) => ({ path, ...opt("text", sourceText(options.sources, path, rename)) }))],
    ["frames", t.frames],
  ];
  return layout([...head, ...rest]);
}

/** The text of a (renamed) file, if the caller gave the sources. */
function sourceText(sources: SourceSet | undefined, renamed: string, rename: (f: string) => string): string | undefined {
  if (!sources) return undefined;
  for (const [file, src] of sources) if (rename(file) === renamed) return src.text;
  return undefined;
}

/** One top-level field per line; a list of records one record per line. */
function layout(fields: readonly [string, unknown][]): string {
  const lines = fields.map(([k, v]) => {
    const name = JSON.stringify(k);
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "object" && x !== null)) {
      return `  ${name}: [\n${v.map((x) => `    ${JSON.stringify(x)}`).join(",\n")}\n  ]`;
    }
    return `  ${name}: ${JSON.stringify(v)}`;
  });
  return `{\n${lines.join(",\n")}\n}\n`;
}

export interface IrLoad {
  readonly ir?: IrGraph;
  /** The embedded source texts, by file name as the IR spells it. */
  readonly sources?: SourceSet;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads the JSON form back into a frozen IrGraph equal to the one written. `name` is how
 * messages refer to the text (a file name).
 */
export function loadIr(text: string, name = "the IR file"): IrLoad {
  const file = name;
  const bad = (said: Said, hint = phrase(Diag.IrFile, "rewriteHint")): IrLoad => ({ diagnostics: [diagnostic(said, undefined, { hint })] });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return bad(say(Diag.IrFile, "notJson", { file, reason: (e as Error).message }));
  }
  if (!isRecord(json) || json["format"] !== IR_FORMAT) {
    const reason =
      isRecord(json) && "format" in json ? phrase(Diag.IrFile, "formatIs", { found: String(JSON.stringify(json["format"])) }) : phrase(Diag.IrFile, "noFormat", { format: IR_FORMAT });
    return bad(say(Diag.IrFile, "notIr", { file, reason }));
  }
  const version = json["version"];
  if (typeof version !== "number" || !Number.isInteger(version)) return bad(say(Diag.IrFile, "noVersion", { file, found: String(JSON.stringify(version)) }));
  if (version !== IR_VERSION) {
    const newer = version > IR_VERSION;
    const said = say(Diag.IrFile, "version", { file, version, supported: IR_VERSION });
    return newer ? bad(said, phrase(Diag.IrFile, "newerHint")) : bad(said);
  }
  let read: ReturnType<typeof readGraph>;
  try {
    read = readGraph(json);
  } catch (e) {
    if (e instanceof IrFormatError) return bad(say(Diag.IrFile, "malformed", { file, path: e.path, problem: e.problem }));
    throw e;
  }
  const problems = verifyIr(read.ir);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join("; ");
    const more = problems.length > 5 ? phrase(Diag.IrFile, "more", { count: problems.length - 5 }) : "";
    return bad(say(Diag.IrFile, "notWellFormed", { file, problems: shown, more }));
  }
  const sources = new Map(read.texts.map(([file, body]) => [file, new SourceText(file, body)]));
  return { ir: read.ir, ...(sources.size > 0 ? { sources } : {}), diagnostics: [] };
}
