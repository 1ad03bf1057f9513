// onnxruntime-node for the runtime benchmark's ONNX section, loaded only when that section runs.
// It is an optionalDependency (its install can fail on machines without internet), so nothing
// here names its types at compile time: the benchmark type-checks and its other sections run
// without it, and when it is missing the section says so instead of failing. The interfaces
// below are the few members the benchmark uses, as onnxruntime-common 1.30 declares them.

export interface OrtTensor {
  readonly dims: readonly number[];
  readonly data: unknown;
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface Ort {
  readonly InferenceSession: { create(path: string, options: Record<string, unknown>): Promise<OrtSession> };
  readonly Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => OrtTensor;
  readonly env: { readonly versions: Readonly<Record<string, string>> };
}

/** How the session's intra-op worker threads wait for work: ORT's default spins, '0' blocks. */
export type Spinning = "default" | "off";

// A variable, so that TypeScript does not resolve the optional package at compile time.
const PACKAGE = "onnxruntime-node";

/** The loaded package, or why it cannot be used. */
export async function loadOrt(): Promise<Ort | string> {
  try {
    return (await import(PACKAGE)) as Ort;
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split("\n")[0];
    return `ONNX Runtime skipped: ${PACKAGE} cannot be loaded (it is an optionalDependency; npm install it to run this section): ${why}`;
  }
}

/**
 * CPU session options for a fair engine comparison: `threads` intra-op threads, sequential
 * execution (one inter-op thread), every graph optimisation ORT has ('all': constant folding,
 * the attention/LayerNorm/GELU fusions and the NCHWc layout transforms), and the chosen spinning.
 */
export function sessionOptions(threads: number, spinning: Spinning): Record<string, unknown> {
  return {
    executionProviders: ["cpu"],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    ...(spinning === "off" ? { extra: { session: { intra_op: { allow_spinning: "0" } } } } : {}),
  };
}
