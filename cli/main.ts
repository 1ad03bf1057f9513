// The `vlmc` command line: parses arguments and dispatches to a command (cli/commands/). Commands
// that run models load the runtime (and TensorFlow.js) only when used, so the others start fast.
// Exit codes: 0 ok, 1 errors in a spec, 2 usage or I/O errors.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import { Diag } from "../compiler/diagnostics/catalog.js";
import { diagnostic } from "../compiler/diagnostics/diagnostic.js";
import { diagnosticToJson } from "../compiler/diagnostics/render.js";
import { stableStringify } from "../compiler/ir/dump.js";
import { defaultHost, type Host } from "../compiler/compile.js";
import { parseArgs } from "./args.js";
import { USAGE } from "./usage.js";
import { check } from "./commands/check.js";
import { ir } from "./commands/ir.js";
import { summary } from "./commands/summary.js";
import type { CliIo } from "./report.js";

export type { CliIo } from "./report.js";

function version(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From source (cli/) the package is one level up; from dist/cli/ two.
  for (const p of [path.join(here, "..", "package.json"), path.join(here, "..", "..", "package.json")]) {
    try {
      return (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version;
    } catch {
      /* try the next location (running from dist/ or from source) */
    }
  }
  return "unknown";
}

export async function runCli(argv: readonly string[], io: CliIo, host: Host = defaultHost): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) return usageError(parsed.error, argv.includes("--json"), io);
  const args = parsed.args;
  if (args.version) {
    io.out(`vlmc ${version()}\n`);
    return 0;
  }
  if (args.help || args.command === "" || args.command === "help") {
    io.out(USAGE + "\n");
    return args.help || args.command === "help" ? 0 : 2;
  }
  if (args.allVariants && args.command !== "check") return usageError(`--all-variants applies to \`vlmc check\` only, not to ${args.command}`, args.json, io);
  switch (args.command) {
    case "check":
      if (args.files.length === 0) return usageError("check: give at least one .vlm file", args.json, io);
      return check(args, io, host);
    case "summary":
      return summary(args, io, host);
    case "ir":
      return ir(args, io, host);
    case "run": {
      const { run } = await import("./commands/run.js");
      return run(args, io, host);
    }
    case "data": {
      const { data } = await import("./commands/data.js");
      return data(args, io, host);
    }
    case "fmt": {
      if (args.files.length === 0) return usageError("fmt: give at least one .vlm file or folder", args.json, io);
      const { fmt } = await import("./commands/fmt.js");
      return fmt(args, io);
    }
    case "diff": {
      const { diffCommand } = await import("./commands/diff.js");
      return diffCommand(args, io, host);
    }
    case "train": {
      const { train } = await import("./commands/train.js");
      return train(args, io, host);
    }
    default:
      return usageError(`unknown command '${args.command}'`, args.json, io);
  }
}

/** A command-line mistake: VLM6006, as JSON with --json, else with the usage text. */
function usageError(message: string, json: boolean, io: CliIo): number {
  if (json) {
    const d = diagnostic(Diag.Usage, message, undefined, { hint: "vlmc --help lists the commands and options" });
    io.out(stableStringify({ ok: false, diagnostics: [diagnosticToJson(d, new Map())] }) + "\n");
  } else io.err(`vlmc: ${message}\n\n${USAGE}\n`);
  return 2;
}
