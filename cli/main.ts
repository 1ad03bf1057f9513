// The `vlmc` command line: parses arguments and dispatches to a command (cli/commands/). Each
// command is imported only when it runs, so `--version` loads no compiler and `check` no runtime
// (test/cli-startup.test.ts keeps it so).
// Exit codes: 0 ok, 1 errors in a spec, 2 usage or I/O errors.
import { Diag } from "../compiler/diagnostics/catalog.js";
import { say } from "../compiler/diagnostics/template.js";
import { diagnostic } from "../compiler/diagnostics/diagnostic.js";
import { diagnosticToJson } from "../compiler/diagnostics/render.js";
import { stableStringify } from "../compiler/ir/dump.js";
import type { Host } from "../compiler/compile.js";
import { parseArgs } from "./args.js";
import { USAGE } from "./usage.js";
import { vlmcVersion } from "./version.js";
import type { CliIo } from "./report.js";

export type { CliIo } from "./report.js";

export async function runCli(argv: readonly string[], io: CliIo, givenHost?: Host): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) return usageError(parsed.error, argv.includes("--json"), io);
  const args = parsed.args;
  if (args.version) {
    io.out(`vlmc ${vlmcVersion()}\n`);
    return 0;
  }
  if (args.help || args.command === "" || args.command === "help") {
    io.out(USAGE + "\n");
    return args.help || args.command === "help" ? 0 : 2;
  }
  if (args.allVariants && args.command !== "check") return usageError(`--all-variants applies to \`vlmc check\` only, not to ${args.command}`, args.json, io);
  // Every command below is imported when used, the compiler (chevrotain, the standard library)
  // included: `--version`, `--help` and usage errors load none of it.
  const host = async (): Promise<Host> => givenHost ?? (await import("../compiler/compile.js")).defaultHost;
  switch (args.command) {
    case "check": {
      if (args.files.length === 0) return usageError("check: give at least one .vlm file", args.json, io);
      const { check } = await import("./commands/check.js");
      return check(args, io, await host());
    }
    case "summary": {
      const { summary } = await import("./commands/summary.js");
      return summary(args, io, await host());
    }
    case "ir": {
      const { ir } = await import("./commands/ir.js");
      return ir(args, io, await host());
    }
    case "run": {
      const { run } = await import("./commands/run.js");
      return run(args, io, await host());
    }
    case "data": {
      const { data } = await import("./commands/data.js");
      return data(args, io, await host());
    }
    case "fmt": {
      if (args.files.length === 0) return usageError("fmt: give at least one .vlm file or folder", args.json, io);
      const { fmt } = await import("./commands/fmt.js");
      return fmt(args, io);
    }
    case "diff": {
      const { diffCommand } = await import("./commands/diff.js");
      return diffCommand(args, io, await host());
    }
    case "compile": {
      const { compile } = await import("./commands/compile.js");
      return compile(args, io, await host());
    }
    case "train": {
      const { train } = await import("./commands/train.js");
      return train(args, io, await host());
    }
    default:
      return usageError(`unknown command '${args.command}'`, args.json, io);
  }
}

/** A command-line mistake: VLM6006, as JSON with --json, else with the usage text. */
function usageError(message: string, json: boolean, io: CliIo): number {
  if (json) {
    const d = diagnostic(say(Diag.Usage, "arguments", { message }));
    io.out(stableStringify({ ok: false, diagnostics: [diagnosticToJson(d, new Map())] }) + "\n");
  } else io.err(`vlmc: ${message}\n\n${USAGE}\n`);
  return 2;
}
