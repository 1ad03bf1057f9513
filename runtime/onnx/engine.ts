// ONNX Runtime (onnxruntime-node) as an engine for emitted graphs. It is an optional dependency
// (its install script fetches GPU files; the project's .npmrc skips that and the CPU binary
// ships in the package), so it is loaded here at run time, and its absence is a diagnostic.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import type { DType } from "../../compiler/ir/types.js";
import { RunError } from "../errors.js";
import type { HostTensor } from "../init.js";

// The few members of onnxruntime-node used here, as its 1.30 typings declare them: declared
// locally so that type-checking never needs the optional package.
type OrtType = "float32" | "int32" | "int64" | "bool";
interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}
interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface Ort {
  readonly InferenceSession: { create(model: Uint8Array | string, options: Record<string, unknown>): Promise<OrtSession> };
  readonly Tensor: new (type: OrtType, data: Float32Array | Int32Array | BigInt64Array | Uint8Array, dims: readonly number[]) => OrtTensor;
  readonly env: { readonly versions?: { readonly common?: string } };
}

/** A variable, so that TypeScript does not resolve the optional package at compile time. */
const PACKAGE = "onnxruntime-node";

let loaded: Ort | undefined;

/** The onnxruntime-node module, or a VLM6101 diagnostic saying why it is not there. */
export async function loadOrt(): Promise<Ort> {
  if (loaded) return loaded;
  try {
    loaded = (await import(PACKAGE)) as Ort;
    return loaded;
  } catch (e) {
    const failures = `onnx: ${String((e as Error)?.message ?? e).split("\n")[0]}`;
    throw RunError.of(say(Diag.BackendUnavailable, "requested", { backend: "onnx", failures }), undefined, { hint: phrase(Diag.BackendUnavailable, "onnxHint") });
  }
}

export function ortVersion(ort: Ort): string {
  return ort.env.versions?.common ?? "unknown";
}

/** onnxruntime-node's version, or why it cannot be loaded (for reports that go on without it). */
export async function ortAvailable(): Promise<{ version: string } | { missing: string }> {
  try {
    return { version: ortVersion(await loadOrt()) };
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    return { missing: e.diagnostics.map((d) => d.message).join("; ") };
  }
}

export interface OnnxSessionOptions {
  /** Intra-op threads (default: ONNX Runtime's choice, one per core). */
  readonly threads?: number;
  /**
   * Whether idle intra-op threads busy-wait for work (ONNX Runtime's default). Off by default:
   * on a shared CPU spinning threads only steal time; alone on a machine it can be a little faster.
   */
  readonly spinning?: boolean;
}

/** An emitted graph loaded into ONNX Runtime, with every graph optimisation on. */
export class OnnxSession {
  private constructor(
    private readonly ort: Ort,
    private readonly session: OrtSession,
  ) {}

  static async create(model: Uint8Array | string, options: OnnxSessionOptions = {}): Promise<OnnxSession> {
    const ort = await loadOrt();
    const session = await ort.InferenceSession.create(model, {
      executionProviders: ["cpu"],
      graphOptimizationLevel: "all",
      executionMode: "sequential",
      interOpNumThreads: 1,
      ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
      ...(options.spinning ? {} : { extra: { session: { intra_op: { allow_spinning: "0" } } } }),
    });
    return new OnnxSession(ort, session);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the graph on host tensors named after its inputs; returns every output by name. */
  async run(feeds: ReadonlyMap<string, HostTensor>): Promise<Map<string, HostTensor>> {
    const given: Record<string, OrtTensor> = {};
    for (const name of this.session.inputNames) {
      const t = feeds.get(name);
      if (!t) throw new Error(`the graph's input '${name}' was not fed (internal error: feeds are checked first)`);
      given[name] = toOrt(this.ort, t);
    }
    const got = await this.session.run(given);
    const out = new Map<string, HostTensor>();
    for (const name of this.session.outputNames) out.set(name, fromOrt(got[name]!));
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function toOrt(ort: Ort, t: HostTensor): OrtTensor {
  const dims = [...t.shape];
  switch (t.dtype) {
    case "bool":
      return new ort.Tensor("bool", t.data as Uint8Array, dims);
    case "i32":
      return new ort.Tensor("int32", t.data as Int32Array, dims);
    case "i64":
      return new ort.Tensor("int64", BigInt64Array.from(t.data as Int32Array, (v) => BigInt(v)), dims);
    default:
      return new ort.Tensor("float32", t.data as Float32Array, dims);
  }
}

const DTYPE_OF: Readonly<Record<string, DType>> = { float32: "f32", int32: "i32", int64: "i64", bool: "bool" };

function fromOrt(t: OrtTensor): HostTensor {
  const dtype = DTYPE_OF[t.type];
  if (!dtype) throw new Error(`ONNX Runtime returned a ${t.type} tensor (internal error: vlmc emits f32, i32, i64 and bool)`);
  // The runtime keeps i64 values as int32, as tfjs does.
  const data = dtype === "i64" ? Int32Array.from(t.data as BigInt64Array, (v) => Number(v)) : dtype === "bool" ? Uint8Array.from(t.data as Uint8Array) : (t.data as Float32Array | Int32Array);
  return { dtype, shape: [...t.dims], data };
}
