// One benchmark configuration in a child Node process, its result read back: each configuration
// gets its own process because a backend's thread pools are fixed when it starts and each
// process's memory is its own. The child prints its result as one line `RESULT <json>` on
// stdout; its stderr (progress lines) goes straight to ours.
import { spawnSync } from "node:child_process";
import { MB } from "./measure.js";

const PREFIX = "RESULT ";

/** Runs `node [the loader flags we run under] script ...args`; the result, or why there is none. */
export function runChild<T>(script: string, args: readonly string[], label: string): T | string {
  process.stderr.write(`${label} …\n`);
  // execArgv carries a loader such as tsx's, so a child of a run from source runs from source too.
  const r = spawnSync(process.execPath, [...process.execArgv, script, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * MB,
  });
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(PREFIX));
  if (r.status !== 0 || !line) return `the ${label} run failed (exit ${r.status ?? r.signal})`;
  return JSON.parse(line.slice(PREFIX.length)) as T;
}

/** The child's side: prints the result and exits (a backend's thread pool must not keep it alive). */
export function sendResult(result: unknown): never {
  process.stdout.write(`${PREFIX}${JSON.stringify(result)}\n`);
  process.exit(0);
}
