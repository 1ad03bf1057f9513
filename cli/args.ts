// Command-line parsing: `vlmc <command> [files] [options]`. Errors are usage diagnostics (exit 2).

export interface CliArgs {
  readonly command: string;
  readonly files: string[];
  readonly variant?: string;
  readonly allVariants: boolean;
  readonly model?: string;
  readonly overrides: Record<string, string>;
  readonly dims: Record<string, number>;
  readonly depth?: number;
  readonly stage?: string;
  readonly json: boolean;
  /** Warnings fail the command too (exit 1). */
  readonly strict: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export type ParseOutcome = { ok: true; args: CliArgs } | { ok: false; error: string };

const VALUE_FLAGS = new Set(["--variant", "--model", "--depth", "--stage", "-D", "--dim"]);

export function parseArgs(argv: readonly string[]): ParseOutcome {
  const files: string[] = [];
  const overrides: Record<string, string> = {};
  const dims: Record<string, number> = {};
  let command = "";
  let variant: string | undefined;
  let model: string | undefined;
  let depth: number | undefined;
  let stage: string | undefined;
  let json = false;
  let strict = false;
  let allVariants = false;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let value: string | undefined;
    if (arg.startsWith("--") && arg.includes("=")) {
      value = arg.slice(arg.indexOf("=") + 1);
      arg = arg.slice(0, arg.indexOf("="));
    } else if (arg.startsWith("-D") && arg.length > 2) {
      value = arg.slice(2);
      arg = "-D";
    }
    if (VALUE_FLAGS.has(arg) && value === undefined) {
      value = argv[++i];
      if (value === undefined) return { ok: false, error: `${arg} needs a value` };
    }
    switch (arg) {
      case "--variant":
        variant = value;
        break;
      case "--model":
        model = value;
        break;
      case "--stage":
        stage = value;
        break;
      case "--depth": {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) return { ok: false, error: `--depth takes a non-negative integer, not '${value}'` };
        depth = n;
        break;
      }
      case "-D": {
        const eq = value!.indexOf("=");
        if (eq <= 0) return { ok: false, error: `-D takes name=value, not '${value}'` };
        overrides[value!.slice(0, eq)] = value!.slice(eq + 1);
        break;
      }
      case "--dim": {
        const eq = value!.indexOf("=");
        const n = Number(value!.slice(eq + 1));
        if (eq <= 0 || !Number.isInteger(n) || n <= 0) return { ok: false, error: `--dim takes NAME=positive integer (e.g. --dim T=40), not '${value}'` };
        dims[value!.slice(0, eq)] = n;
        break;
      }
      case "--json":
        json = true;
        break;
      case "--strict":
        strict = true;
        break;
      case "--all-variants":
        allVariants = true;
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      case "--version":
        version = true;
        break;
      default:
        if (arg.startsWith("-")) return { ok: false, error: `unknown option '${arg}'` };
        if (!command) command = arg;
        else files.push(arg);
    }
  }
  return {
    ok: true,
    args: {
      command,
      files,
      ...(variant !== undefined ? { variant } : {}),
      ...(model !== undefined ? { model } : {}),
      ...(depth !== undefined ? { depth } : {}),
      ...(stage !== undefined ? { stage } : {}),
      allVariants,
      overrides,
      dims,
      json,
      strict,
      help,
      version,
    },
  };
}

export const USAGE = `vlmc — a compiler for vision-language model specs (.vlm)

Usage:
  vlmc check FILE... [--variant V | --all-variants] [-D name=value]... [--strict] [--json]
      Parse, elaborate and check specs; report every error with its location.
  vlmc summary FILE [--variant V] [--depth N] [--stage S] [--dim T=40] [-D name=value]... [--json]
      Module tree with output shapes, parameters (shared ones counted once), FLOPs,
      trainable parameters per stage and parameter groups.
  vlmc ir FILE [--variant V] [-D name=value]...
      The typed IR as deterministic JSON.

Options:
  --variant V       use a named variant of the model's hyperparameters
  --all-variants    check the default configuration and every variant
  -D name=value     override a hyperparameter (repeatable)
  --model M         pick a model when a file declares several
  --depth N         summary: show instances down to depth N (default 3)
  --stage S         summary: count trainable parameters for training stage S
  --dim NAME=N      summary: bind an input dimension for FLOPs (B defaults to 1)
  --json            machine-readable output
  --strict          check: warnings fail too (exit 1)
Exit codes: 0 ok, 1 errors in a spec, 2 usage or I/O error.`;
