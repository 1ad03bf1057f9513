// The PyTorch runtime's keyed random streams (compiler/emit/pytorch/runtime/random.py) against
// runtime/random.ts: for a handful of (seed, step, key) triples — a seed past 2^32, a negative
// step-free key, non-ASCII keys (UTF-16 code units, a surrogate pair) — the same uint32 sequence,
// also through the chunk-parallel generator (9000 draws) and the state after it, the same
// float32 uniforms, Box–Muller normals, polar-method normals (truncated, and the stream's state
// after them), dropout keep masks and integers, all exactly equal — except normalOne's doubles,
// which go through sin and cos, where V8's fdlibm and glibc can differ in the last bit: those
// agree within 1e-15 relative (no kernel or initialiser uses normalOne; the test data does).
import { beforeAll, expect, it } from "vitest";
import { RandomStream } from "../../runtime/random.js";
import { describeWithTorch } from "../parity/torch.js";
import { numberIn, runPython, runtimePackage } from "./harness.js";

interface Triple {
  readonly seed: number;
  readonly step: number;
  readonly key: string;
}

type Draws = Record<string, readonly (number | string)[]>;
type Numbers = Record<string, readonly number[]>;

const TRIPLES: readonly Triple[] = [
  { seed: 0, step: 0, key: "model:forward@0/dropout.0" },
  { seed: 7, step: 3, key: "vision.layers[2].mlp:forward@1/f@0/dropout.3" },
  { seed: 2 ** 40 + 12345, step: 100000, key: "init:text.embed.weight" },
  { seed: 4294967295, step: 1, key: "" },
  { seed: 42, step: 9, key: "init:é→😀" },
];

/** What runner.py's random_draws computes, on runtime/random.ts. */
function draws(t: Triple): Numbers {
  const fresh = (): RandomStream => new RandomStream(t.seed, t.step, t.key);
  const take = (s: RandomStream, n: number): number[] => Array.from({ length: n }, () => s.nextUint32());
  const out: Record<string, number[]> = {};
  out["uint32"] = take(fresh(), 40);
  let s = fresh();
  out["bulk"] = take(s, 9000);
  out["after_bulk"] = take(s, 3);
  out["uniform"] = Array.from(fresh().uniform(5000));
  s = fresh();
  out["normal_one"] = Array.from({ length: 9 }, () => s.normalOne());
  s = fresh();
  const normals = new Float32Array(6000);
  s.fillNormal(normals, 0.5, 0.02, 2);
  out["fill_normal"] = Array.from(normals);
  out["after_fill"] = take(s, 3);
  s = fresh();
  out["normal_small"] = Array.from(s.normal(7));
  out["after_small"] = take(s, 3);
  out["keep_mask"] = Array.from(fresh().keepMask(300, 0.3));
  s = fresh();
  out["int"] = Array.from({ length: 20 }, () => s.int(3, 17));
  return out;
}

describeWithTorch("PyTorch runtime: random streams equal runtime/random.ts", () => {
  let python: Draws[] = [];
  beforeAll(() => {
    python = runPython<Draws[]>(runtimePackage("random"), "random", TRIPLES);
  }, 300_000);

  TRIPLES.forEach((t, i) => {
    it(`seed ${t.seed}, step ${t.step}, key ${JSON.stringify(t.key)}`, () => {
      const want = draws(t);
      const got = python[i]!;
      for (const [what, values] of Object.entries(want)) {
        const mine = (got[what] ?? []).map(numberIn);
        expect(mine.length, `${what}: length`).toBe(values.length);
        const tol = what === "normal_one" ? 1e-15 : 0;
        const first = values.findIndex((v, j) => Math.abs(v - mine[j]!) > tol * Math.abs(v) || Number.isNaN(mine[j]!));
        expect(first, `${what}: first difference at ${first} (python ${mine[first]}, tfjs ${values[first]})`).toBe(-1);
      }
    });
  });
});
