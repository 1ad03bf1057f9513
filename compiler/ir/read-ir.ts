// Rebuilds an IrGraph from the parsed JSON form (compiler/ir/serialize.ts). Nodes are checked as
// the builder would make them — ids dense and in order, inputs earlier, ops from the registry,
// attributes of the kinds the op declares — and typed again by their op's shape rule, which must
// give the type the file states. The result is frozen like the builder's. Any problem throws
// IrFormatError with the JSON path; the caller turns it into a diagnostic.
import { Dim, DimFault } from "../shapes/dim.js";
import { IrFormatError, readAttr, readDim, readDtype, readNumber, readType } from "./json-codec.js";
import { count, Fields, readSpan } from "./json-fields.js";
import { OPS, ShapeFault, type OpAttr } from "./ops.js";
import {
  DTYPES,
  PARAM_MARKS,
  type AttrValue,
  type Frame,
  type InitSpec,
  type IrAssertion,
  type IrBuffer,
  type IrGraph,
  type IrInstance,
  type IrNode,
  type IrParam,
  type IrSource,
  type IrUpdate,
  type SourceValue,
  type TensorType,
} from "./types.js";

function attrFits(kind: OpAttr["kind"], v: AttrValue): boolean {
  const isInt = (x: unknown): boolean => typeof x === "number" && Number.isInteger(x);
  switch (kind) {
    case "int":
    case "axis":
      return isInt(v);
    case "float":
      return typeof v === "number";
    case "number?":
      return typeof v === "number" || v === null;
    case "bool":
      return typeof v === "boolean";
    case "str":
      return typeof v === "string";
    case "dtype":
      return typeof v === "string" && (DTYPES as readonly string[]).includes(v);
    case "dim":
      return v instanceof Dim;
    case "dims":
      return Array.isArray(v) && v.every((x) => x instanceof Dim);
    case "axes":
      return Array.isArray(v) && v.every(isInt);
    case "pattern":
      return Array.isArray(v) && v.every((row) => Array.isArray(row) && row.every((c) => typeof c === "string"));
  }
}

function readAttrs(f: Fields, op: string, declared: readonly OpAttr[]): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [k, raw] of f.entries()) {
    const attr = declared.find((a) => a.name === k);
    if (!attr) throw new IrFormatError(f.at(k), `\`${op}\` has no attribute "${k}"`);
    const v = readAttr(raw, f.at(k));
    if (!(attrFits(attr.kind, v) || (v === null && attr.default === null))) throw new IrFormatError(f.at(k), `not a valid ${attr.kind} attribute of \`${op}\``);
    out[k] = v;
  }
  for (const a of declared) if (!(a.name in out)) throw new IrFormatError(f.path, `missing attribute "${a.name}" of \`${op}\``);
  return out;
}

function typeText(t: TensorType): string {
  return `${t.dtype}[${t.shape.map(String).join(", ")}]`;
}

function sameType(a: TensorType, b: TensorType): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d.equals(b.shape[i]!));
}

function readNodes(list: unknown[], files: readonly string[], frames: readonly Frame[]): IrNode[] {
  const nodes: IrNode[] = [];
  list.forEach((raw, i) => {
    const f = Fields.of(raw, `nodes[${i}]`);
    if (f.count("id") !== i) throw new IrFormatError(f.at("id"), `is ${f.count("id")}; node ids must be 0, 1, 2, … in order`);
    const opName = f.str("op");
    const op = OPS.get(opName);
    if (!op) throw new IrFormatError(f.at("op"), `unknown op \`${opName}\``);
    const inputs = f.list("inputs").map((x, k) => {
      if (x === -1) return -1;
      const id = count(x, `${f.at("inputs")}[${k}]`);
      if (id >= i) throw new IrFormatError(`${f.at("inputs")}[${k}]`, `node ${i} reads node ${id}, which does not come before it`);
      return id;
    });
    const attrs = readAttrs(f.record("attrs"), opName, op.attrs);
    const stated = readType(f.raw("type"), f.at("type"));
    let type: TensorType;
    try {
      type = op.shape(
        inputs.map((k) => (k < 0 ? undefined : nodes[k]!.type)),
        attrs,
      );
    } catch (e) {
      if (e instanceof ShapeFault || e instanceof DimFault) throw new IrFormatError(f.path, `its inputs do not fit \`${opName}\`: ${e.message}`);
      throw e;
    }
    if (!sameType(type, stated)) throw new IrFormatError(f.at("type"), `${typeText(stated)} is not what \`${opName}\` gives for its inputs (${typeText(type)})`);
    const frame = f.raw("frame");
    if (frame !== null && (typeof frame !== "number" || !Number.isInteger(frame) || frame < 0 || frame >= frames.length)) {
      throw new IrFormatError(f.at("frame"), `expected null or a frame index below ${frames.length}`);
    }
    const prov = { span: readSpan(f.raw("span"), files, f.at("span")), frame: frame === null ? undefined : frames[frame] };
    nodes.push({ id: i, key: f.str("key"), op: opName, inputs, attrs, type, scope: f.str("scope"), mode: f.str("mode"), prov });
  });
  return nodes;
}

function readFrames(list: unknown[], files: readonly string[]): Frame[] {
  const frames: Frame[] = [];
  list.forEach((raw, i) => {
    const f = Fields.of(raw, `frames[${i}]`);
    const parent = f.raw("parent");
    if (parent !== null && (typeof parent !== "number" || !Number.isInteger(parent) || parent < 0 || parent >= i)) {
      throw new IrFormatError(f.at("parent"), "expected null or the index of an earlier frame");
    }
    const call = f.optStr("call");
    const frame = { parent: parent === null ? undefined : frames[parent], label: f.str("label"), site: readSpan(f.raw("site"), files, f.at("site")) };
    frames.push(call === undefined ? frame : { ...frame, call });
  });
  return frames;
}

function readInit(f: Fields): InitSpec {
  const args = f.record("args");
  return { kind: f.str("kind"), args: Object.fromEntries(args.entries().map(([k, v]) => [k, readNumber(v, args.at(k))])) };
}

function readSource(f: Fields): IrSource {
  const args = f.record("args");
  const value = (v: unknown, path: string): SourceValue => {
    if (typeof v === "string") return v;
    if (Array.isArray(v)) return Object.freeze(v.map((x, i) => readNumber(x, `${path}[${i}]`)));
    return readNumber(v, path);
  };
  return Object.freeze({ kind: f.str("kind"), args: Object.freeze(Object.fromEntries(args.entries().map(([k, v]) => [k, value(v, args.at(k))]))) });
}

function readShape(f: Fields): number[] {
  return f.list("shape").map((x, i) => count(x, `${f.at("shape")}[${i}]`));
}

/** Records of a list in order, into a map keyed by `key`; a repeated key is an error. */
function keyed<T>(list: unknown[], where: string, key: (f: Fields) => string, read: (f: Fields) => T): Map<string, T> {
  const out = new Map<string, T>();
  list.forEach((raw, i) => {
    const f = Fields.of(raw, `${where}[${i}]`);
    const k = key(f);
    if (out.has(k)) throw new IrFormatError(f.path, `a second entry for "${k}"`);
    out.set(k, read(f));
  });
  return out;
}

/** A parameter's `marks` (absent: none), each one of PARAM_MARKS at most once. */
function readMarks(f: Fields): { frozen?: true; checkpoint?: true } {
  if (!f.has("marks")) return {};
  const marks = f.strings("marks");
  for (const m of marks) if (!(PARAM_MARKS as readonly string[]).includes(m)) throw new IrFormatError(f.at("marks"), `expected ${PARAM_MARKS.map((x) => `"${x}"`).join(" or ")}, found "${m}"`);
  return { ...(marks.includes("frozen") ? { frozen: true as const } : {}), ...(marks.includes("checkpoint") ? { checkpoint: true as const } : {}) };
}

function optional<K extends string, T>(name: K, v: T | undefined): { [P in K]?: T } {
  return (v === undefined ? {} : { [name]: v }) as { [P in K]?: T };
}

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

export function readGraph(json: Record<string, unknown>): { ir: IrGraph; texts: [string, string][] } {
  const top = Fields.of(json, "$");
  const fileRecords = top.list("files").map((x, i) => Fields.of(x, `files[${i}]`));
  const files = fileRecords.map((f) => f.str("path"));
  const texts = fileRecords.flatMap((f, i): [string, string][] => (f.has("text") ? [[files[i]!, f.str("text")]] : []));
  const span = (f: Fields, key = "span") => readSpan(f.raw(key), files, f.at(key));
  const frames = readFrames(top.list("frames"), files);
  const nodes = readNodes(top.list("nodes"), files, frames);
  const nodeId = (f: Fields, key: string): number => {
    const id = f.count(key);
    if (id >= nodes.length) throw new IrFormatError(f.at(key), `node ${id} does not exist (${nodes.length} nodes)`);
    return id;
  };
  const records = (key: string): Fields[] => top.list(key).map((x, i) => Fields.of(x, `${key}[${i}]`));

  const params = keyed(top.list("params"), "params", (f) => f.str("name"), (f): IrParam => {
    const shareKind = f.optStr("shareKind");
    if (shareKind !== undefined && shareKind !== "share" && shareKind !== "tie") throw new IrFormatError(f.at("shareKind"), 'expected "share" or "tie"');
    return Object.freeze({
      name: f.str("name"),
      dtype: readDtype(f.raw("dtype"), f.at("dtype")),
      shape: readShape(f),
      init: readInit(f.record("init")),
      instance: f.str("instance"),
      ...optional("sharedWith", f.optStr("sharedWith")),
      ...optional("shareKind", shareKind as "share" | "tie" | undefined),
      ...optional("emaOf", f.optStr("emaOf")),
      ...readMarks(f),
      span: span(f),
      ...optional("doc", f.optStr("doc")),
    });
  });
  const buffers = keyed(top.list("buffers"), "buffers", (f) => f.str("name"), (f): IrBuffer => {
    const role = f.str("role");
    if (role !== "queue" && role !== "pointer") throw new IrFormatError(f.at("role"), 'expected "queue" or "pointer"');
    return { name: f.str("name"), dtype: readDtype(f.raw("dtype"), f.at("dtype")), shape: readShape(f), init: readInit(f.record("init")), role, ...optional("pointer", f.optStr("pointer")), span: span(f) };
  });
  const instances = keyed(top.list("instances"), "instances", (f) => f.str("path"), (f): IrInstance => {
    const parent = f.raw("parent");
    if (parent !== null && typeof parent !== "string") throw new IrFormatError(f.at("parent"), "expected null or an instance path");
    return Object.freeze({
      path: f.str("path"),
      block: f.str("block"),
      parent: parent ?? undefined,
      children: f.strings("children"),
      params: f.strings("params"),
      calls: f.count("calls"),
      ...optional("firstInput", f.has("firstInput") ? f.list("firstInput").map((t, i) => readType(t, `${f.at("firstInput")}[${i}]`)) : undefined),
      ...optional("firstOutput", f.has("firstOutput") ? f.list("firstOutput").map((t, i) => readType(t, `${f.at("firstOutput")}[${i}]`)) : undefined),
      ...optional("emaOf", f.optStr("emaOf")),
      ...optional("emaDecay", f.has("emaDecay") ? f.num("emaDecay") : undefined),
      span: span(f),
      ...optional("doc", f.optStr("doc")),
    });
  });
  const updates = records("updates").map((f): IrUpdate => {
    const kind = f.str("kind");
    if (kind === "ema") return { kind, param: f.str("param"), source: f.str("source"), decay: f.num("decay") };
    if (kind === "enqueue") return { kind, queue: f.str("queue"), pointer: f.str("pointer"), value: nodeId(f, "value"), node: nodeId(f, "node") };
    throw new IrFormatError(f.at("kind"), 'expected "ema" or "enqueue"');
  });
  const assertions = records("assertions").map((f): IrAssertion => {
    const op = f.str("op");
    if (!COMPARISONS.has(op)) throw new IrFormatError(f.at("op"), `expected a comparison (${[...COMPARISONS].join(" ")})`);
    return { message: f.str("message"), lhs: readDim(f.raw("lhs"), f.at("lhs")), op: op as IrAssertion["op"], rhs: readDim(f.raw("rhs"), f.at("rhs")), span: span(f) };
  });
  const outputs = new Map<string, number>();
  top.list("outputs").forEach((x, i) => {
    const where = `outputs[${i}]`;
    if (!Array.isArray(x) || x.length !== 2 || typeof x[0] !== "string") throw new IrFormatError(where, "expected [name, node]");
    const id = count(x[1], `${where}[1]`);
    if (id >= nodes.length) throw new IrFormatError(`${where}[1]`, `node ${id} does not exist`);
    outputs.set(x[0], id);
  });
  const hypers: Record<string, number | boolean | string> = {};
  for (const [k, v] of top.record("hypers").entries()) hypers[k] = typeof v === "string" || typeof v === "boolean" ? v : readNumber(v, `hypers.${k}`);
  const variant = top.raw("variant");
  if (variant !== null && typeof variant !== "string") throw new IrFormatError("variant", "expected null or a variant name");

  const inputs = records("inputs").map((f) => ({
    name: f.str("name"),
    node: nodeId(f, "node"),
    ...optional("source", f.has("source") ? readSource(f.record("source")) : undefined),
    span: span(f),
  }));
  const objectives = records("objectives").map((f) => ({ name: f.str("name"), node: nodeId(f, "node"), weight: f.num("weight"), span: span(f), ...optional("doc", f.optStr("doc")) }));
  const stages = records("stages").map((f) => ({ name: f.str("name"), objectives: f.strings("objectives"), frozen: f.strings("frozen"), span: span(f), ...optional("doc", f.optStr("doc")) }));
  const groups = records("groups").map((f) => ({ name: f.str("name"), params: f.strings("params"), span: span(f) }));
  const published = records("published").map((f) => ({
    name: f.str("name"),
    value: f.num("value"),
    tolerance: f.num("tolerance"),
    params: f.raw("params") === null ? undefined : f.strings("params"),
    over: f.strings("over"),
    span: span(f),
    ...optional("doc", f.optStr("doc")),
  }));
  const effects = top.list("effects").map((x, i) => {
    const id = count(x, `effects[${i}]`);
    if (id >= nodes.length) throw new IrFormatError(`effects[${i}]`, `node ${id} does not exist`);
    return id;
  });

  for (const n of nodes) Object.freeze(n);
  for (const list of [nodes, inputs, objectives, stages, groups, published, effects, assertions]) Object.freeze(list);
  const ir: IrGraph = {
    model: top.str("model"),
    file: top.str("file"),
    variant: variant ?? undefined,
    hypers,
    ...optional("doc", top.optStr("doc")),
    inputs,
    nodes,
    params,
    buffers,
    instances,
    objectives,
    stages,
    groups,
    published,
    effects,
    updates,
    assertions,
    outputs,
  };
  return { ir: Object.freeze(ir), texts };
}
