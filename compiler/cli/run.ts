// Process entry point: wires runCli to stdout/stderr and the exit code. Never shows a stack
// trace for a user error; an internal error is reported as such.
import { runCli } from "./main.js";

try {
  process.exitCode = runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
} catch (e) {
  process.stderr.write(`vlmc: internal error: ${(e as Error).message}\nThis is a bug in vlmc; please report it with the spec that triggered it.\n`);
  process.exitCode = 3;
}
