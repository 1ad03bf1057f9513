// Fuzzing the IR loader: 600 random damages of a small model's JSON form (values replaced,
// fields deleted, records repeated, text truncated) must each be loaded or refused with VLM6008
// — never an exception — and anything loaded must verify and write back out.
import { describe, expect, it } from "vitest";
import { loadIr, serializeIr } from "../compiler/ir/serialize.js";
import { verifyIr } from "../compiler/ir/verify.js";
import { prng } from "./fuzz/mutate.js";
import { compileSource } from "./harness.js";

const RUNS = 600;

const SPEC = `import "std/nn.vlm"
import "std/attention.vlm"
model Small {
  input x: f32[B, T, 16]
  attn = Attention(16, 2, attn_drop_rate: 0.1, drop_rate: 0.1)
  proj = Linear(16, 8)
  proj_m = ema(proj, decay: 0.99)
  q = queue(32, 8)
  h = attn(x, mask: causal_mask(T))[:, 0]
  feat = l2_normalize(proj(h))
  feat_m = stop_gradient(l2_normalize(proj_m(h)))
  objective o = mean(feat @ transpose(concat([feat_m, q], axis: 0)))
  enqueue(q, feat_m)
}
`;

const JUNK: unknown[] = [null, -1, 0, 1, 2.5, 1e9, "", "B +", "x", "f32", true, [], {}, { $dim: "T" }, { $num: "NaN" }, [0, 0, 0], [-1]];

type Slot = { holder: Record<string, unknown> | unknown[]; key: string | number };

function slots(v: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push({ holder: v, key: i }), slots(x, out)));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) (out.push({ holder: v as Record<string, unknown>, key: k }), slots(x, out));
  return out;
}

describe("IR loader fuzz", () => {
  it(`${RUNS} damaged IR files are loaded or refused, never thrown on`, () => {
    const { ir, diagnostics } = compileSource(SPEC);
    expect(diagnostics).toEqual([]);
    const text = serializeIr(ir!);
    const rand = prng(20261202);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    let refused = 0;
    for (let i = 0; i < RUNS; i++) {
      let damaged: string;
      if (i % 10 === 9) {
        const at = Math.floor(rand() * text.length);
        damaged = rand() < 0.5 ? text.slice(0, at) : text.slice(0, at) + pick(['"', "}", ",", "9", "-"]) + text.slice(at + 1);
      } else {
        const json = JSON.parse(text) as unknown;
        for (let k = 1 + Math.floor(rand() * 2); k > 0; k--) {
          const s = pick(slots(json));
          const r = rand();
          if (r < 0.2 && !Array.isArray(s.holder)) delete s.holder[s.key as string];
          else if (r < 0.3 && Array.isArray(s.holder)) s.holder.push(structuredClone(s.holder[s.key as number]));
          else (s.holder as Record<string | number, unknown>)[s.key] = structuredClone(pick(JUNK));
        }
        damaged = JSON.stringify(json);
      }
      let loaded: ReturnType<typeof loadIr>;
      try {
        loaded = loadIr(damaged, "small.json");
      } catch (e) {
        throw new Error(`run ${i} threw ${(e as Error).stack}\n${damaged.slice(0, 2000)}`);
      }
      if (loaded.ir) {
        expect(verifyIr(loaded.ir)).toEqual([]);
        expect(typeof serializeIr(loaded.ir)).toBe("string");
      } else {
        expect(loaded.diagnostics.map((d) => d.code)).toEqual(["VLM6008"]);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(RUNS / 2);
  });
});
