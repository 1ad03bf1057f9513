// `--data PACK` in a generated PyTorch package: the runtime's pack reader (compiler/emit/pytorch/
// runtime/pack.py, pack_batches.py) gives the batches vlmc's DataBatches gives for the same pack
// and seed — the same shuffled examples, ids, masks, word indices, other images, progress and
// normalised pixels — for BLIP, ViLT and ALBEF tiny (between them every source kind a pack fills
// but grey images); under N ranks each rank holds its contiguous slice of the global batch;
// `python train.py --data PACK` trains, stores the data position in its checkpoint and resumes
// to the same bytes; a pack that does not fit the model is refused with vlmc's diagnostic.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDataset } from "../../runtime/data/dataset.js";
import type { HostTensor } from "../../runtime/init.js";
import { openSafetensors } from "../../runtime/weights/safetensors.js";
import { cli } from "../harness.js";
import { compiled, REPO } from "../emit/ts-harness.js";
import { describeWithTorch, PYTHON } from "../parity/torch.js";
import { tempDir, writeCaptions, writeImages, writeVocab } from "../runtime/data/fixtures.js";
import { fromJson, type JsonTensor } from "./harness.js";

const dir = tempDir("pytorch-pack");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ENV = { ...process.env, OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE", PYTHONDONTWRITEBYTECODE: "1" };
const DRIVER = path.join(REPO, "test/pytorch/pack_driver.py");
const PACK = path.join(dir, "pack");
const MODELS = [
  { spec: "blip", name: "blip", model: "BLIP" },
  { spec: "vilt", name: "vilt", model: "ViLT" },
  { spec: "albef", name: "albef", model: "ALBEF" },
] as const;
const SEED = 7;
const BATCH = 4;
/** 11 examples in batches of 4: two batches an epoch, so five batches cross two epoch boundaries. */
const BATCHES = 5;

function pkg(name: string): string {
  return path.join(dir, "packages", name);
}

interface DriverOut {
  ranks: Record<string, JsonTensor>[][];
  positions: { epoch: number; index: number }[];
}

function readBatches(m: (typeof MODELS)[number], world: number, pack = PACK): DriverOut {
  const job = path.join(dir, `${m.name}-${world}.job.json`);
  const out = path.join(dir, `${m.name}-${world}.out.json`);
  writeFileSync(job, JSON.stringify({ package: pkg(m.name), name: m.name, model: m.model, variant: "tiny", pack, seed: SEED, batch: BATCH, batches: BATCHES, world }));
  const r = spawnSync(PYTHON, [DRIVER, job, out], { env: ENV, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`pack_driver.py failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return JSON.parse(readFileSync(out, "utf8")) as DriverOut;
}

function python(args: readonly string[], cwd: string): { code: number; out: string; err: string } {
  const r = spawnSync(PYTHON, args, { cwd, env: ENV, encoding: "utf8", timeout: 300_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The largest difference, NaN when the dtypes or shapes differ. */
function maxDiff(a: HostTensor, b: HostTensor): number {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return NaN;
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return d;
}

describeWithTorch("--data PACK in a generated PyTorch package", () => {
  beforeAll(async () => {
    // Six images of different sizes and formats, five with two captions (11 examples, 6 files: an
    // other image drawn for a pair often shows its own file, and is redrawn); captions longer and
    // shorter than the models' 8 tokens, with words split into pieces (dog ##s, red ##dish).
    const images = Array.from({ length: 6 }, (_, i) => ({ name: `img${i}.${i % 3 ? "jpg" : "png"}`, width: 36 + 5 * i, height: 50 - 2 * i, seed: i, format: (i % 3 ? "jpeg" : "png") as "jpeg" | "png" }));
    writeImages(dir, images);
    const texts = ["a photo of dogs on reddish grass .", "the cat", "a cat sits on the red grass", "dogs", "a photo of the cafe , the cat and dogs"];
    const lines: object[] = images.map((im, i) => ({ image: im.name, caption: i < 5 ? [texts[i]!, texts[(i + 2) % texts.length]!] : texts[0]! }));
    const captions = writeCaptions(dir, lines);
    const vocab = writeVocab(dir);
    const pack = (out: string, size: string) =>
      cli("data", "pack", "--images", path.join(dir, "images"), "--captions", captions, "--tokenizer", `wordpiece:${vocab}`, "--image-size", size, "--crop", "none", "--shard-size", "3", "--out", out);
    const packed = await pack(PACK, "32");
    expect(packed.code, packed.err).toBe(0);
    expect((await pack(path.join(dir, "pack16"), "16")).code).toBe(0);
    for (const m of MODELS) {
      const r = await cli("compile", `specs/models/${m.spec}.vlm`, "--variant", "tiny", "--target", "pytorch", "--out", pkg(m.name));
      expect(r.code, r.err).toBe(0);
    }
  }, 300_000);

  it("gives the batches vlmc's DataBatches gives, for every source kind", () => {
    for (const m of MODELS) {
      const dataset = openDataset(PACK);
      const source = dataset.batches(compiled(m.spec, "tiny").ir, { batch: BATCH, seed: SEED });
      const expected = Array.from({ length: BATCHES }, () => source.next());
      dataset.close();
      const got = readBatches(m, 1);
      expect(got.positions[0]).toEqual(source.position);
      let pixels = 0;
      for (let b = 0; b < BATCHES; b++) {
        const batch = got.ranks[0]![b]!;
        expect(Object.keys(batch).sort(), m.name).toEqual([...expected[b]!.keys()].sort());
        for (const [name, want] of expected[b]!) {
          const d = maxDiff(fromJson(batch[name]!), want);
          if (want.dtype === "f32" && want.shape.length === 4) pixels = Math.max(pixels, d);
          else expect(d, `${m.name} batch ${b} ${name}`).toBe(0);
        }
      }
      // eslint-disable-next-line no-console
      console.log(`${m.name} tiny: ${BATCHES} batches of ${BATCH}, ids/masks/words/progress exact, pixels within ${pixels}`);
      expect(pixels).toBeLessThanOrEqual(1e-6);
    }
  }, 300_000);

  it("splits each global batch into contiguous rank slices that concatenate to the one-process batch", () => {
    const vilt = MODELS[1];
    const single = readBatches(vilt, 1);
    const one = single.ranks[0]!;
    const two = readBatches(vilt, 2);
    // Every rank's reader moves through the global batches together.
    expect(two.positions).toEqual([single.positions[0], single.positions[0]]);
    for (let b = 0; b < BATCHES; b++) {
      for (const [name, whole] of Object.entries(one[b]!)) {
        const [r0, r1] = [two.ranks[0]![b]![name]!, two.ranks[1]![b]![name]!];
        if (whole.shape.length === 0) {
          expect(r0, name).toEqual(whole);
          expect(r1, name).toEqual(whole);
          continue;
        }
        expect(r0.shape[0], name).toBe(BATCH / 2);
        expect([...r0.data, ...r1.data], `batch ${b} ${name}`).toEqual(whole.data);
      }
    }
  }, 300_000);

  it("trains with train.py --data PACK as vlmc train does, stores the data position, and resumes to the same bytes", async () => {
    const cwd = pkg("blip");
    const train = (out: string, steps: number, ...more: string[]) =>
      python(["train.py", "--data", PACK, "--steps", String(steps), "--batch", String(BATCH), "--schedule", "constant", "--lr", "1e-3", "--seed", String(SEED), "--out", path.join(dir, out), ...more], cwd);
    const whole = train("whole", 3);
    expect(whole.code, whole.err).toBe(0);
    const checkpoint = path.join(dir, "whole", "checkpoint.safetensors");
    expect(existsSync(checkpoint)).toBe(true);
    const { reader } = openSafetensors(checkpoint);
    const meta = JSON.parse(reader!.metadata["vlmc.train"]!) as { step: number; data: unknown };
    // Three batches of 4 from 11 examples: two in epoch 0, then the first of epoch 1.
    expect(meta).toMatchObject({ step: 3, data: { epoch: 1, index: 4 } });
    const lines = readFileSync(path.join(dir, "whole", "log.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(Number.isFinite((JSON.parse(l) as { total: number }).total)).toBe(true);

    // `vlmc train --data PACK` on the same pack and seed: the same batches in the same order, so
    // the same losses step by step (the tfjs and torch kernels agree within rounding).
    const vlmc = await cli("train", "specs/models/blip.vlm", "--variant", "tiny", "--data", PACK, "--steps", "3", "--batch", String(BATCH), "--schedule", "constant", "--lr", "1e-3", "--seed", String(SEED), "--out", path.join(dir, "vlmc"));
    expect(vlmc.code, vlmc.err).toBe(0);
    const [head, ...rows] = readFileSync(path.join(dir, "vlmc", "log.csv"), "utf8").trim().split("\n");
    const columns = head!.split(",");
    let worst = 0;
    rows.forEach((row, step) => {
      const cells = row.split(",");
      const torchLosses = (JSON.parse(lines[step]!) as { losses: Record<string, number> }).losses;
      expect(Object.keys(torchLosses).length).toBeGreaterThan(0);
      for (const [o, v] of Object.entries(torchLosses)) worst = Math.max(worst, Math.abs(v - Number(cells[columns.indexOf(o)])));
    });
    expect(rows).toHaveLength(3);
    // eslint-disable-next-line no-console
    console.log(`BLIP tiny, 3 steps on the pack: max |train.py loss − vlmc train loss| = ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-4);

    expect(train("part", 2).code).toBe(0);
    const resumed = train("part", 3, "--resume");
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(path.join(dir, "part", "log.jsonl"), "utf8")).toBe(readFileSync(path.join(dir, "whole", "log.jsonl"), "utf8"));
    expect(readFileSync(path.join(dir, "part", "checkpoint.safetensors")).equals(readFileSync(checkpoint))).toBe(true);
  }, 300_000);

  it("refuses a pack that does not fit the model with vlmc's diagnostic, not a traceback", () => {
    const r = python(["train.py", "--data", path.join(dir, "pack16"), "--steps", "1", "--batch", String(BATCH)], pkg("blip"));
    expect(r.code).not.toBe(0);
    expect(r.err).not.toContain("Traceback");
    expect(r.err).toContain("error VLM6309: input `image` takes 32×32 images, but the pack holds 16×16");
    expect(r.err).toContain("hint: pack the data again with `vlmc data pack … --image-size 32`");

    const missing = python(["train.py", "--data", path.join(dir, "no-such-pack"), "--steps", "1"], pkg("blip"));
    expect(missing.code).not.toBe(0);
    expect(missing.err).not.toContain("Traceback");
    expect(missing.err).toContain(`error VLM6307: ${path.join(dir, "no-such-pack")}: no such folder`);

    const big = python(["train.py", "--data", PACK, "--steps", "1", "--batch", "12"], pkg("blip"));
    expect(big.err).not.toContain("Traceback");
    expect(big.err).toContain("error VLM6309: the pack holds 11 examples, fewer than one batch of 12");
  }, 300_000);
});
