// `vlmc data pack` packs image–caption pairs for training (runtime/data/pack.ts); `vlmc data
// inspect DIR [SPEC]` validates a pack — manifest and every shard — and, given a spec, checks
// that the pack can feed the model's inputs and draws one batch from it, so a mismatch shows up
// before a training run starts.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import { diagnostic, hasErrors, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import type { Host } from "../../compiler/compile.js";
import { DimBindings } from "../../runtime/dims.js";
import { RunError } from "../../runtime/errors.js";
import { openDataset } from "../../runtime/data/dataset.js";
import { packDataset, type PackProgress } from "../../runtime/data/pack.js";
import type { CliArgs } from "../args.js";
import { irFor, Reporter, USAGE_CODES, type CliIo } from "../report.js";
import { batchReport, packReport, renderBatch, renderPack, type BatchReport } from "./data-report.js";

export const DATA_USAGE = `vlmc data pack --images DIR --captions FILE.jsonl --tokenizer KIND:FILES --image-size N --out DIR
      [--resize bicubic|bilinear] [--crop center|none] [--max-tokens L] [--shard-size S] [--threads N] [--json]
  vlmc data inspect DIR [SPEC [--variant V] [--batch B] [--seed S]] [--json]`;

export async function data(args: CliArgs, io: CliIo, host: Host): Promise<number> {
  const [sub, ...rest] = args.files;
  const rep = new Reporter(io, args.json);
  if (sub === "pack" && rest.length === 0) return pack(args, io, rep);
  if (sub === "inspect" && (rest.length === 1 || rest.length === 2)) return inspect(args, rest[0]!, rest[1], io, rep, host);
  const said =
    sub === "pack" || sub === "inspect"
      ? say(Diag.Usage, "dataArguments", { sub, rest: rest.join(" ") })
      : say(Diag.Usage, "dataCommand", { not: sub ? phrase(Diag.Usage, "dataCommandNot", { sub }) : "" });
  rep.add([diagnostic(said, undefined, { hint: DATA_USAGE })]);
  return finish(rep, io, args, undefined);
}

async function pack(args: CliArgs, io: CliIo, rep: Reporter): Promise<number> {
  const missing = (["images", "captions", "tokenizer", "imageSize", "out"] as const).filter((k) => args[k] === undefined);
  if (missing.length) {
    const flags = missing.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    rep.add([diagnostic(say(Diag.Usage, "dataPackFlags", { flags: flags.join(", ") }), undefined, { hint: DATA_USAGE })]);
    return finish(rep, io, args, undefined);
  }
  const progress = io.tty && !args.json ? (p: PackProgress) => io.err(`\rpacking: line ${p.lines}, ${p.examples} examples, ${p.skipped} skipped, ${(p.examples / p.seconds).toFixed(1)} examples/s `) : undefined;
  const result = await packDataset({
    images: args.images!,
    captions: args.captions!,
    tokenizer: args.tokenizer!,
    imageSize: args.imageSize!,
    out: args.out!,
    ...(args.resize !== undefined ? { resize: args.resize } : {}),
    ...(args.crop !== undefined ? { crop: args.crop } : {}),
    ...(args.maxTokens !== undefined ? { maxTokens: args.maxTokens } : {}),
    ...(args.shardSize !== undefined ? { shardSize: args.shardSize } : {}),
    ...(args.threads !== undefined ? { workers: args.threads } : {}),
    ...(progress ? { onProgress: progress } : {}),
  });
  if (progress) io.err("\r\x1b[K");
  rep.add(result.diagnostics);
  if (!result.manifest) return finish(rep, io, args, undefined);
  const report = packReport(args.out!, result.manifest, result.seconds);
  return finish(rep, io, args, { json: report, text: renderPack(report) });
}

async function inspect(args: CliArgs, dir: string, spec: string | undefined, io: CliIo, rep: Reporter, host: Host): Promise<number> {
  let dataset;
  try {
    dataset = openDataset(dir);
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    rep.add(e.diagnostics);
    return finish(rep, io, args, undefined);
  }
  try {
    const base = packReport(dir, dataset.manifest, undefined);
    if (spec === undefined) return finish(rep, io, args, { json: base, text: renderPack(base) });
    const got = irFor({ ...args, files: [spec] }, rep, host);
    if (!got) return finish(rep, io, args, undefined);
    let batch: BatchReport;
    try {
      const size = args.batch ?? Math.min(4, dataset.size);
      const dims = new DimBindings(new Map(Object.entries({ ...args.dims, B: size })));
      const source = dataset.batches(got.ir, { batch: size, seed: args.seed ?? 0, dims });
      rep.add(source.warnings, got.sources);
      batch = batchReport(got.ir, source.next(), source.stepsPerEpoch);
    } catch (e) {
      if (!(e instanceof RunError)) throw e;
      rep.add(e.diagnostics, got.sources);
      return finish(rep, io, args, undefined);
    }
    return finish(rep, io, args, { json: { ...base, model: got.ir.model, batch }, text: renderPack(base) + renderBatch(got.ir.model, batch) });
  } finally {
    dataset.close();
  }
}

function exitFor(diags: readonly Diagnostic[], strict: boolean): number {
  const errors = diags.filter((d) => d.severity === "error" || strict);
  if (errors.length === 0) return 0;
  return errors.every((d) => USAGE_CODES.has(d.code)) ? 2 : 1;
}

function finish(rep: Reporter, io: CliIo, args: CliArgs, done: { json: object; text: string } | undefined): number {
  const failed = !done || hasErrors(rep.all);
  const code = failed ? exitFor(rep.all, false) || 1 : exitFor(rep.all, args.strict);
  if (args.json) io.out(stableStringify({ ok: code === 0, ...(done?.json ?? {}), diagnostics: rep.jsonDiagnostics() }) + "\n");
  else if (done) io.out(done.text);
  return code;
}
