// The ONNX section's measurement, run in a child process of the runtime benchmark per spinning
// setting (ORT's thread pools and memory then belong to that run alone): every graph gets a
// session with the same options, and at each batch size the graphs are timed interleaved
// (A, B, A, B, …) on the same seeded input, so load from other processes hits them alike. The
// first run of each graph is also the check that they compute the same function: its outputs
// are compared with the first graph's (the largest absolute difference is reported). Each graph
// is also checked once against eager PyTorch's output on its own input, when the export saved it.
import { RandomStream } from "../runtime/random.js";
import { openSafetensors } from "../runtime/weights/safetensors.js";
import { IMAGE_OUTPUT } from "./clip-image-tower.js";
import { MB, median } from "./measure.js";
import { OnnxSession, ortAvailable } from "../runtime/onnx/engine.js";

/** How the session's intra-op worker threads wait for work: ORT's default spins, 'off' blocks. */
export type Spinning = "default" | "off";

const IMAGE_INPUT = "image";
const IMAGE_SIZE = 224;
const EAGER = "PyTorch (eager)";

export interface OnnxChildConfig {
  readonly label: string;
  readonly spinning: Spinning;
  readonly threads: number;
  /** Graph label → .onnx file; the first is the one the others are compared with. */
  readonly files: Readonly<Record<string, string>>;
  /** Safetensors file of eager PyTorch's `image` and `image_features` (bench/torch_vit_onnx.py). */
  readonly reference?: string;
  readonly batches: readonly number[];
  readonly runs: number;
  readonly warmup: number;
  readonly seed: number;
}

export interface OnnxRow {
  readonly batch: number;
  readonly graph: string;
  readonly times: readonly number[];
  readonly medianMs: number;
  /** Median process CPU time (user + system, all threads) per forward: what spinning burns. */
  readonly cpuMs: number;
}

export interface OnnxAgreement {
  readonly batch: number;
  readonly graph: string;
  readonly against: string;
  readonly maxAbsDiff: number;
  /** The largest absolute output value, for scale. */
  readonly maxAbs: number;
}

export interface OnnxConfigResult {
  readonly label: string;
  readonly spinning: Spinning;
  readonly threads: number;
  readonly ortVersion: string;
  /** Session creation (load and graph optimisation) per graph. */
  readonly sessionMs: Readonly<Record<string, number>>;
  readonly rows: readonly OnnxRow[];
  readonly agreement: readonly OnnxAgreement[];
  /** The child process's peak resident memory (both sessions, their arenas and the inputs). */
  readonly peakRssMB: number;
}

interface Forward {
  readonly ms: number;
  readonly cpuMs: number;
  readonly output: Float32Array;
}

async function timedRun(session: OnnxSession, pixels: Float32Array, batch: number): Promise<Forward> {
  const feeds = new Map([[IMAGE_INPUT, { dtype: "f32" as const, shape: [batch, 3, IMAGE_SIZE, IMAGE_SIZE], data: pixels }]]);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await session.run(feeds);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, output: result.get(IMAGE_OUTPUT)!.data as Float32Array };
}

function agreementOf(batch: number, graph: string, output: Float32Array, against: string, reference: Float32Array): OnnxAgreement {
  return { batch, graph, against, maxAbsDiff: maxAbsDiff(output, reference), maxAbs: reference.reduce((m, x) => Math.max(m, Math.abs(x)), 0) };
}

/** Eager PyTorch's input and output, read from the exporter's reference file. */
function readReference(file: string): { pixels: Float32Array; batch: number; output: Float32Array } {
  const { reader, diagnostics } = openSafetensors(file);
  if (!reader) throw new Error(`cannot read ${file}: ${diagnostics.map((d) => d.message).join("; ")}`);
  const read = (name: string): Float32Array => {
    const r = reader.read(name, "f32");
    if (!r.ok) throw new Error(`cannot read ${name} from ${file}: ${r.message}`);
    return r.tensor.data as Float32Array;
  };
  return { pixels: read(IMAGE_INPUT), batch: reader.entries.get(IMAGE_INPUT)!.shape[0]!, output: read(IMAGE_OUTPUT) };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

async function openSession(label: string, file: string, config: OnnxChildConfig): Promise<OnnxSession> {
  const session = await OnnxSession.create(file, { threads: config.threads, spinning: config.spinning === "default" });
  if (!session.inputNames.includes(IMAGE_INPUT) || !session.outputNames.includes(IMAGE_OUTPUT)) {
    throw new Error(`${label} (${file}) has inputs [${session.inputNames.join(", ")}] and outputs [${session.outputNames.join(", ")}]; the benchmark feeds '${IMAGE_INPUT}' and reads '${IMAGE_OUTPUT}'`);
  }
  return session;
}

export async function runOnnxChild(config: OnnxChildConfig): Promise<OnnxConfigResult | string> {
  const ort = await ortAvailable();
  if ("missing" in ort) return `ONNX Runtime skipped: ${ort.missing}`;
  const labels = Object.keys(config.files);
  const sessions = new Map<string, OnnxSession>();
  const sessionMs: Record<string, number> = {};
  for (const label of labels) {
    const start = performance.now();
    sessions.set(label, await openSession(label, config.files[label]!, config));
    sessionMs[label] = performance.now() - start;
  }
  const rows: OnnxRow[] = [];
  const agreement: OnnxAgreement[] = [];
  if (config.reference) {
    const eager = readReference(config.reference);
    for (const label of labels) {
      const output = (await timedRun(sessions.get(label)!, eager.pixels, eager.batch)).output;
      agreement.push(agreementOf(eager.batch, label, output, EAGER, eager.output));
    }
  }
  for (const batch of config.batches) {
    const pixels = new RandomStream(config.seed, 0, `bench-pixels:b${batch}`).normal(batch * 3 * IMAGE_SIZE * IMAGE_SIZE);
    const first = new Map<string, Float32Array>();
    for (const label of labels) first.set(label, (await timedRun(sessions.get(label)!, pixels, batch)).output);
    const reference = first.get(labels[0]!)!;
    for (const label of labels.slice(1)) agreement.push(agreementOf(batch, label, first.get(label)!, labels[0]!, reference));
    for (let i = 1; i < config.warmup; i++) for (const label of labels) await timedRun(sessions.get(label)!, pixels, batch);
    const runs = new Map<string, Forward[]>(labels.map((l) => [l, []]));
    for (let i = 0; i < config.runs; i++) for (const label of labels) runs.get(label)!.push(await timedRun(sessions.get(label)!, pixels, batch));
    for (const label of labels) {
      const forwards = runs.get(label)!;
      const times = forwards.map((f) => f.ms);
      rows.push({ batch, graph: label, times, medianMs: median(times), cpuMs: median(forwards.map((f) => f.cpuMs)) });
      process.stderr.write(`  ${config.label}: ${label} b${batch} median ${median(times).toFixed(0)} ms\n`);
    }
  }
  for (const session of sessions.values()) await session.release();
  return { label: config.label, spinning: config.spinning, threads: config.threads, ortVersion: ort.version, sessionMs, rows, agreement, peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB };
}
