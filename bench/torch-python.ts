// Running the benchmark's PyTorch scripts (bench/*.py): the Python that has torch on these
// machines (/usr/bin/python3, not the first python3 on PATH), the environment that keeps torch's
// and OpenBLAS's thread pools from fighting (without OMP_WAIT_POLICY=PASSIVE a forward runs about
// 2x slower), and where the scripts are whether this module runs from bench/ (tsx) or dist/bench/.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { fileURLToPath } from "node:url";

export const PYTHON = "/usr/bin/python3";

export function torchEnv(threads = 2): NodeJS.ProcessEnv {
  return { ...process.env, OMP_NUM_THREADS: String(threads), OMP_WAIT_POLICY: "PASSIVE" };
}

/** Why PyTorch cannot run here, or undefined when it can. */
export function torchMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  return probe.status === 0 ? undefined : `${PYTHON} cannot import torch`;
}

/** Path of bench/NAME: beside this module when run from source, ../../bench from dist/bench. */
export function benchScript(name: string): string {
  const beside = fileURLToPath(new URL(name, import.meta.url));
  return fs.existsSync(beside) ? beside : fileURLToPath(new URL(`../../bench/${name}`, import.meta.url));
}

/** The last line of a failed script's stderr: Python puts the exception there. */
export function lastLine(text: string | null | undefined): string {
  return (text ?? "").trim().split("\n").pop() ?? "";
}
