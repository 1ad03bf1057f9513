// Initialisers (compiler/ir/init.ts) on the host: each tensor gets its own random stream keyed
// by its name, so a parameter's initial value does not depend on which others exist.
import { fans } from "../compiler/ir/init.js";
import type { DType, InitSpec } from "../compiler/ir/types.js";
import { RandomStream } from "./random.js";

export type HostData = Float32Array | Int32Array | Uint8Array;

/** A tensor's values on the host, in the IR's layout (row-major). */
export interface HostTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: HostData;
}

export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function hostArray(dtype: DType, n: number): HostData {
  if (dtype === "bool") return new Uint8Array(n);
  if (dtype === "i32" || dtype === "i64") return new Int32Array(n);
  return new Float32Array(n);
}

/** The initial value of a parameter or buffer named `name` under `spec`, for the run's seed. */
export function initialValue(name: string, dtype: DType, shape: readonly number[], spec: InitSpec, seed: number): HostTensor {
  const n = numelOf(shape);
  const data = hostArray(dtype, n);
  const arg = (k: string, d = 0): number => spec.args[k] ?? d;
  const rng = (): RandomStream => new RandomStream(seed, 0, `init:${name}`);
  switch (spec.kind) {
    case "zeros":
      break;
    case "ones":
      data.fill(1);
      break;
    case "constant":
      data.fill(arg("value"));
      break;
    case "normal":
      rng().fillNormal(data, arg("mean"), arg("std", 0.02), Infinity);
      break;
    case "trunc_normal":
      rng().fillNormal(data, arg("mean"), arg("std", 0.02), 2);
      break;
    case "uniform": {
      const r = rng();
      const low = arg("low");
      const high = arg("high");
      for (let i = 0; i < n; i++) data[i] = low + (high - low) * r.next();
      break;
    }
    case "xavier_uniform": {
      const r = rng();
      const { fanIn, fanOut } = fans(shape);
      const a = arg("gain", 1) * Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < n; i++) data[i] = (2 * r.next() - 1) * a;
      break;
    }
    case "unit_normal": {
      rng().fillNormal(data, 0, 1, Infinity);
      const width = shape.length === 0 ? 1 : shape[shape.length - 1]!;
      for (let row = 0; row < n; row += width) {
        let norm = 0;
        for (let j = 0; j < width; j++) norm += data[row + j]! * data[row + j]!;
        const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
        for (let j = 0; j < width; j++) data[row + j] = data[row + j]! * scale;
      }
      break;
    }
    default:
      throw new Error(`unknown initialiser '${spec.kind}' (internal error: initialisers come from compiler/ir/init.ts)`);
  }
  return { dtype, shape, data };
}
