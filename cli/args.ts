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
  /** run: the batch size (binds the spec's `B`). */
  readonly batch?: number;
  /** run: a safetensors checkpoint, and a weight map for checkpoints from elsewhere. */
  readonly weights?: string;
  readonly map?: string;
  /** run: inputs from a safetensors file instead of synthetic ones. */
  readonly inputs?: string;
  readonly saveOutputs?: string;
  readonly mode?: "train" | "eval";
  readonly seed?: number;
  readonly backend?: "tensorflow" | "wasm" | "cpu" | "onnx";
  /** run: WASM threads (default: the machine's cores). */
  readonly threads?: number;
  /** run: named values to compute (default: all), and objectives (default: all, or none when --outputs is given). */
  readonly outputs?: string[];
  readonly objectives?: string[];
  // ---- train
  readonly steps?: number;
  /** "synthetic" (a new batch each step), "synthetic:fixed" (one batch), or a packed data folder. */
  readonly data?: string;
  readonly out?: string;
  readonly resume: boolean;
  readonly lr?: number;
  readonly minLr?: number;
  readonly warmup?: number;
  readonly schedule?: "cosine" | "linear" | "constant";
  readonly weightDecay?: number;
  readonly optimizer?: "adamw" | "sgd";
  readonly clipGrad?: number;
  readonly accumulate?: number;
  readonly evalEvery?: number;
  readonly checkpointEvery?: number;
  readonly logScale: boolean;
  // ---- data pack
  readonly images?: string;
  readonly captions?: string;
  readonly tokenizer?: string;
  readonly imageSize?: number;
  readonly maxTokens?: number;
  readonly shardSize?: number;
  readonly resize?: "bicubic" | "bilinear";
  readonly crop?: "center" | "none";
  // ---- diff
  readonly format?: "text" | "md" | "html" | "json";
  /** Sections to report (validated by the diff command). */
  readonly only?: string[];
  /** Exit 1 when the models differ. */
  readonly exitCode: boolean;
  /** fmt: list unformatted files (exit 1) instead of rewriting them. */
  readonly checkOnly?: boolean;
  // ---- compile
  readonly target?: "onnx" | "ts" | "js" | "pytorch";
  /** compile --target ts|js: where generated code imports the vlmc runtime from. */
  readonly runtimeImport?: string;
  readonly opset?: number;
  /** compile: one forward mode of one instance (`encoder.vision`) instead of named values. */
  readonly forward?: string;
}

export type ParseOutcome = { ok: true; args: CliArgs } | { ok: false; error: string };

const VALUE_FLAGS = new Set([
  "--variant",
  "--model",
  "--depth",
  "--stage",
  "-D",
  "--dim",
  "--batch",
  "--weights",
  "--map",
  "--inputs",
  "--save-outputs",
  "--mode",
  "--seed",
  "--backend",
  "--threads",
  "--outputs",
  "--objectives",
  "--steps",
  "--data",
  "--out",
  "--lr",
  "--min-lr",
  "--warmup",
  "--schedule",
  "--weight-decay",
  "--optimizer",
  "--clip-grad",
  "--accumulate",
  "--eval-every",
  "--checkpoint-every",
  "--images",
  "--captions",
  "--tokenizer",
  "--image-size",
  "--max-tokens",
  "--shard-size",
  "--resize",
  "--crop",
  "--format",
  "--only",
  "--target",
  "--opset",
  "--runtime-import",
]);

/** Flags taking a positive integer, and the field each sets. */
const POSITIVE_INTS: Readonly<Record<string, string>> = {
  "--steps": "steps",
  "--accumulate": "accumulate",
  "--eval-every": "evalEvery",
  "--checkpoint-every": "checkpointEvery",
  "--image-size": "imageSize",
  "--opset": "opset",
  "--max-tokens": "maxTokens",
  "--shard-size": "shardSize",
};

/** Flags taking a non-negative number. */
const NUMBERS: Readonly<Record<string, string>> = {
  "--lr": "lr",
  "--min-lr": "minLr",
  "--warmup": "warmup",
  "--weight-decay": "weightDecay",
  "--clip-grad": "clipGrad",
};

/** Flags taking one of a few words. */
const CHOICES: Readonly<Record<string, { field: string; values: readonly string[] }>> = {
  "--schedule": { field: "schedule", values: ["cosine", "linear", "constant"] },
  "--optimizer": { field: "optimizer", values: ["adamw", "sgd"] },
  "--resize": { field: "resize", values: ["bicubic", "bilinear"] },
  "--crop": { field: "crop", values: ["center", "none"] },
  "--target": { field: "target", values: ["ts", "js", "onnx", "pytorch"] },
  "--format": { field: "format", values: ["text", "md", "html", "json"] },
};

/** Flags taking a path or a name. */
const STRINGS: Readonly<Record<string, string>> = {
  "--data": "data",
  "--out": "out",
  "--images": "images",
  "--captions": "captions",
  "--tokenizer": "tokenizer",
  "--runtime-import": "runtimeImport",
};

const BACKEND_NAMES = ["tensorflow", "wasm", "cpu", "onnx"] as const;

function list(value: string): string[] {
  return value
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

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
  const run: {
    batch?: number;
    weights?: string;
    map?: string;
    inputs?: string;
    saveOutputs?: string;
    mode?: "train" | "eval";
    seed?: number;
    backend?: (typeof BACKEND_NAMES)[number];
    threads?: number;
    outputs?: string[];
    objectives?: string[];
  } = {};
  const more: Record<string, unknown> = {};
  let resume = false;
  let logScale = false;
  let exitCode = false;
  let modeText: string | undefined;
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
        if (eq <= 0 || !Number.isSafeInteger(n) || n <= 0) return { ok: false, error: `--dim takes NAME=positive integer up to 2^53 (e.g. --dim T=40), not '${value}'` };
        dims[value!.slice(0, eq)] = n;
        break;
      }
      case "--batch": {
        const n = Number(value);
        if (!Number.isInteger(n) || n <= 0) return { ok: false, error: `--batch takes a positive integer, not '${value}'` };
        run.batch = n;
        break;
      }
      case "--seed": {
        const n = Number(value);
        if (!Number.isSafeInteger(n) || n < 0) return { ok: false, error: `--seed takes a non-negative integer, not '${value}'` };
        run.seed = n;
        break;
      }
      case "--mode":
        modeText = value;
        break;
      case "--backend":
        if (!(BACKEND_NAMES as readonly string[]).includes(value!)) return { ok: false, error: `--backend takes ${BACKEND_NAMES.join(", ")}, not '${value}'` };
        run.backend = value as (typeof BACKEND_NAMES)[number];
        break;
      case "--threads": {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 64) return { ok: false, error: `--threads takes an integer from 1 to 64, not '${value}'` };
        run.threads = n;
        break;
      }
      case "--weights":
        run.weights = value!;
        break;
      case "--map":
        run.map = value!;
        break;
      case "--inputs":
        run.inputs = value!;
        break;
      case "--save-outputs":
        run.saveOutputs = value!;
        break;
      case "--outputs":
        run.outputs = list(value!);
        break;
      case "--objectives":
        run.objectives = list(value!);
        break;
      case "--resume":
        resume = true;
        break;
      case "--log-scale":
        logScale = true;
        break;
      case "--exit-code":
        exitCode = true;
        break;
      case "--check":
        more["checkOnly"] = true;
        break;
      case "--only":
        more["only"] = list(value!);
        break;
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
        if (POSITIVE_INTS[arg]) {
          const n = Number(value);
          if (!Number.isInteger(n) || n <= 0) return { ok: false, error: `${arg} takes a positive integer, not '${value}'` };
          more[POSITIVE_INTS[arg]!] = n;
          break;
        }
        if (NUMBERS[arg]) {
          const n = Number(value);
          if (value === "" || !Number.isFinite(n) || n < 0) return { ok: false, error: `${arg} takes a non-negative number, not '${value}'` };
          more[NUMBERS[arg]!] = n;
          break;
        }
        if (CHOICES[arg]) {
          const c = CHOICES[arg]!;
          if (!c.values.includes(value!)) return { ok: false, error: `${arg} takes ${c.values.join(", ")}, not '${value}'` };
          more[c.field] = value;
          break;
        }
        if (STRINGS[arg]) {
          more[STRINGS[arg]!] = value;
          break;
        }
        if (arg.startsWith("-")) return { ok: false, error: `unknown option '${arg}'` };
        if (!command) command = arg;
        else files.push(arg);
    }
  }
  // `compile --mode` names a forward mode of an instance; `run --mode` is train or eval.
  if (modeText !== undefined && command === "compile") more["forward"] = modeText;
  else if (modeText !== undefined) {
    if (modeText !== "train" && modeText !== "eval") return { ok: false, error: `--mode takes train or eval, not '${modeText}'` };
    run.mode = modeText;
  }
  // Both would pick the configurations to build; neither may be silently dropped.
  if (allVariants && variant !== undefined) return { ok: false, error: "--variant and --all-variants pick configurations two ways: give one of them" };
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
      resume,
      logScale,
      exitCode,
      ...run,
      ...more,
    },
  };
}
