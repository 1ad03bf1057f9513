// Reaching PyTorch from the parity suite. The reference side is Python (Debian's python3-torch at
// /usr/bin/python3, not whatever `python3` is first on PATH); when it is missing the parity tests
// are skipped with the reason in their title, unless VLMC_REQUIRE_TORCH=1 (CI sets it), in which
// case they fail. Each test file runs its reference in as few Python processes as it can, since
// importing torch alone costs one to two seconds.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, it } from "vitest";

export const PYTHON = "/usr/bin/python3";
export const PARITY_DIR = path.dirname(fileURLToPath(import.meta.url));
const REQUIRED = process.env["VLMC_REQUIRE_TORCH"] === "1";

/** Two threads without busy-waiting: torch's and OpenBLAS's pools otherwise fight over the cores. */
const PYTHON_ENV = { ...process.env, OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE", PYTHONDONTWRITEBYTECODE: "1" };

let probed: string | undefined | null = null;

/** Why torch cannot be used, or undefined when it can. Probed once per process. */
export function torchMissing(): string | undefined {
  if (probed !== null) return probed;
  const r = spawnSync(PYTHON, ["-c", "import torch, numpy"], { env: PYTHON_ENV, encoding: "utf8", timeout: 60_000 });
  if (r.error) probed = `${PYTHON} cannot be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`;
  else if (r.status !== 0) probed = `${PYTHON} cannot import torch and numpy (${lastLine(r.stderr)})`;
  else probed = undefined;
  return probed;
}

/**
 * A describe block that needs torch: run when it is there; without it, skipped with the reason in
 * its title, or — under VLMC_REQUIRE_TORCH=1 — a failing test saying what is missing.
 */
export function describeWithTorch(title: string, body: () => void): void {
  const missing = torchMissing();
  if (missing === undefined) describe(title, body);
  else if (REQUIRED) {
    describe(title, () => {
      it("needs PyTorch (VLMC_REQUIRE_TORCH=1)", () => {
        throw new Error(`${missing}; install Debian's python3-torch, or unset VLMC_REQUIRE_TORCH to skip the parity suite`);
      });
    });
  } else {
    const why = `${missing}; set VLMC_REQUIRE_TORCH=1 to make this a failure`;
    console.warn(`parity suite skipped: ${title} (${why})`);
    describe.skip(`${title} (skipped: ${why})`, body);
  }
}

/** Runs test/parity/SCRIPT with ARGS; throws with the script's stderr when it fails. */
export function runReference(script: string, args: readonly string[]): string {
  const r = spawnSync(PYTHON, [path.join(PARITY_DIR, script), ...args], { env: PYTHON_ENV, encoding: "utf8", timeout: 120_000, maxBuffer: 16 * 2 ** 20 });
  if (r.error) throw new Error(`${script}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${script} exited with ${r.status ?? r.signal}:\n${r.stderr}`);
  return r.stdout;
}

/** A scratch folder for this test file's tensor files, removed after its tests. */
export function scratchFolder(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `vlmc-parity-${label}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines[lines.length - 1] ?? "no output";
}
