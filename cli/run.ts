// Process entry point: wires runCli to stdout/stderr and the exit code. Never shows a stack
// trace for a user error; an internal error is reported as such.
import { runCli } from "./main.js";

// `vlmc summary … | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    tty: process.stdout.isTTY === true,
  });
} catch (e) {
  process.stderr.write(`vlmc: internal error: ${(e as Error).message}\nThis is a bug in vlmc; please report it with the spec that triggered it.\n`);
  process.exitCode = 3;
}
