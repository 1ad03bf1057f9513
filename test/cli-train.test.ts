// `vlmc train`: the files it keeps (checkpoint, log, plot), a resumed run identical to an
// uninterrupted one — after a SIGKILL in the middle of a checkpoint write, and after Ctrl-C —
// and the runs it refuses, each with a coded diagnostic kept as a golden.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileFile } from "../compiler/compile.js";
import { loadWeights } from "../runtime/weights/load.js";
import { readTrainingMeta } from "../runtime/train/checkpoint.js";
import { cli, cliDiagnostics, expectGolden, portable } from "./harness.js";

const dir = mkdtempSync(path.join(tmpdir(), "vlmc-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BLIP = "specs/models/blip.vlm";
// A larger vocabulary makes each checkpoint ~20 MB, so a write lasts long enough to be interrupted.
const TRAIN = ["train", BLIP, "--variant", "tiny", "-D", "vocab=40000", "--steps", "12", "--batch", "2", "--checkpoint-every", "1", "--seed", "4"];


/** The CSV's training rows without timing and eval columns (timing differs from run to run). */
function losses(csv: string): string[] {
  const [head, ...rows] = readFileSync(csv, "utf8").trim().split("\n");
  const keep = head!.split(",").map((c, i) => (c === "ms" || c === "samples_per_s" || c.startsWith("eval_") ? -1 : i)).filter((i) => i >= 0);
  return rows.map((r) => keep.map((i) => r.split(",")[i]).join(","));
}

/** vlmc in a child process of its own (tsx's loader in-process, so that signals reach vlmc itself). */
function child(out: string): ReturnType<typeof spawn> {
  return spawn(process.execPath, ["--import", "tsx", "cli/run.ts", ...TRAIN, "--out", out], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VLMC_WASM_THREADS: "1" } });
}

function exited(p: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => p.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
}

describe("vlmc train", () => {
  let reference = "";
  it("writes a checkpoint, a CSV log and an SVG loss plot", async () => {
    reference = path.join(dir, "reference");
    const r = await cli(...TRAIN, "--out", reference, "--eval-every", "4", "--json");
    expect(r.code, r.out).toBe(0);
    const summary = JSON.parse(r.out) as { steps: number; losses: Record<string, number> };
    expect(summary.steps).toBe(12);
    expect(Object.keys(summary.losses).sort()).toEqual(["itc", "itm", "lm"]);
    const csv = readFileSync(path.join(reference, "log.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("step,lr,total,itc,itm,lm,grad_norm,ms,samples_per_s,eval_itc,eval_itm,eval_lm");
    expect(csv).toHaveLength(13);
    expect(csv[4]!.split(",").slice(-3).every((c) => c !== "")).toBe(true);
    const svg = readFileSync(path.join(reference, "loss.svg"), "utf8");
    expect(svg.match(/<path /g)).toHaveLength(6); // three objectives, each with its eval curve
    const meta = readTrainingMeta(path.join(reference, "checkpoint.safetensors"));
    expect(meta.step).toBe(12);
    // A training checkpoint loads as weights too (its optimiser state is skipped).
    const ir = compileFile(BLIP, { variant: "tiny", overrides: { vocab: "40000" } }).ir!;
    expect(loadWeights(ir, path.join(reference, "checkpoint.safetensors")).diagnostics).toEqual([]);
  });

  it("survives a SIGKILL in the middle of a checkpoint write, and a resumed run equals an uninterrupted one bit for bit", async () => {
    const out = path.join(dir, "killed");
    let killedMidWrite = false;
    for (let attempt = 0; attempt < 5 && !killedMidWrite; attempt++) {
      rmSync(out, { recursive: true, force: true });
      const p = child(out);
      const done = exited(p);
      // Kill while a checkpoint's temporary file is being written ("change" events), once an
      // earlier checkpoint exists: the kill then lands in the middle of a later write.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (!existsSync(out)) return;
          clearInterval(poll);
          const w = watch(out, (event, name) => {
            if (event === "change" && name?.startsWith(".checkpoint.safetensors") && existsSync(path.join(out, "checkpoint.safetensors"))) {
              p.kill("SIGKILL");
              w.close();
              resolve();
            }
          });
          void done.then(() => {
            w.close();
            resolve();
          });
        }, 5);
      });
      await done;
      killedMidWrite = readdirSync(out).some((f) => f.startsWith(".checkpoint.safetensors") && f.endsWith(".tmp"));
    }
    expect(killedMidWrite, "the kill landed while a checkpoint was being written").toBe(true);
    const before = readTrainingMeta(path.join(out, "checkpoint.safetensors"));
    expect(before.step).toBeGreaterThan(0);
    expect(before.step).toBeLessThan(12);
    const ir = compileFile(BLIP, { variant: "tiny", overrides: { vocab: "40000" } }).ir!;
    expect(loadWeights(ir, path.join(out, "checkpoint.safetensors")).diagnostics).toEqual([]);

    const resumed = await cli("train", BLIP, "--variant", "tiny", "-D", "vocab=40000", "--out", out, "--resume");
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(path.join(out, "checkpoint.safetensors")).equals(readFileSync(path.join(reference, "checkpoint.safetensors")))).toBe(true);
    expect(losses(path.join(out, "log.csv"))).toEqual(losses(path.join(reference, "log.csv")));
    expect(readdirSync(out).filter((f) => f.endsWith(".tmp")), "the dead writer's temporary file is gone").toEqual([]);
  });

  it("stops cleanly on Ctrl-C with a checkpoint, and --resume finishes the same run", async () => {
    const out = path.join(dir, "interrupted");
    const p = child(out);
    const done = exited(p);
    let stderr = "";
    let sent = false;
    p.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!sent && /step [2-9]\//.test(stderr)) sent = p.kill("SIGINT");
    });
    expect(await done, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted after step \d+; the checkpoint is saved/);
    const resumed = await cli("train", BLIP, "--variant", "tiny", "-D", "vocab=40000", "--out", out, "--resume");
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(path.join(out, "checkpoint.safetensors")).equals(readFileSync(path.join(reference, "checkpoint.safetensors")))).toBe(true);
  });
});

describe("vlmc train refuses", () => {
  async function refused(name: string, exit: number, ...args: string[]): Promise<void> {
    const { code, diagnostics } = await cliDiagnostics(...args);
    expect(code).toBe(exit);
    expectGolden(`test/fixtures/run-errors/${name}.golden.json`, portable(diagnostics, dir));
  }

  it("a folder that holds another run, a resume without a checkpoint, and a resume that would change the run", async () => {
    const out = path.join(dir, "taken");
    expect((await cli("train", "specs/models/clip.vlm", "--variant", "tiny", "--steps", "2", "--out", out)).code).toBe(0);
    await refused("train_folder_taken", 1, "train", "specs/models/clip.vlm", "--variant", "tiny", "--steps", "2", "--out", out);
    await refused("train_resume_changed", 1, "train", "specs/models/clip.vlm", "--variant", "tiny", "--out", out, "--resume", "--lr", "0.5", "--batch", "3");
    await refused("train_resume_nothing", 1, "train", "specs/models/clip.vlm", "--variant", "tiny", "--out", path.join(dir, "empty"), "--resume");
  });

  it("a loss that is not finite: the run stops, naming the objective and the step", async () => {
    const out = path.join(dir, "diverges");
    await refused("train_non_finite", 1, "train", "test/fixtures/run/diverges.vlm", "--steps", "3", "--out", out);
    expect(existsSync(path.join(out, "checkpoint.safetensors"))).toBe(false);
  });
});
