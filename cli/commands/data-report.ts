// What `vlmc data` prints: a pack's summary (from its manifest) and, for `inspect` with a spec,
// the batch it drew for the model — each input's shape, where its values came from, and their range.
import type { IrGraph } from "../../compiler/ir/types.js";
import { sourceText } from "../../compiler/ir/sources.js";
import type { HostTensor } from "../../runtime/init.js";
import type { Manifest } from "../../runtime/data/manifest.js";

export interface PackReport {
  readonly out: string;
  readonly examples: number;
  readonly images: number;
  readonly shards: number;
  readonly image: Manifest["image"];
  readonly tokenizer: { readonly kind: string; readonly vocabSize: number; readonly pad: number; readonly prefix: readonly number[]; readonly suffix: readonly number[] };
  readonly maxTokens: number;
  readonly truncated: number;
  readonly lines: number;
  readonly skipped: Manifest["skipped"]["reasons"];
  readonly skippedTotal: number;
  readonly seconds?: number;
  readonly examplesPerSecond?: number;
}

export function packReport(out: string, m: Manifest, seconds: number | undefined): PackReport {
  const { kind, vocabSize, pad, prefix, suffix } = m.tokenizer;
  return {
    out,
    examples: m.examples,
    images: m.images,
    shards: m.shards.length,
    image: m.image,
    tokenizer: { kind, vocabSize, pad, prefix, suffix },
    maxTokens: m.text.maxTokens,
    truncated: m.text.truncated,
    lines: m.sources.lines,
    skipped: m.skipped.reasons,
    skippedTotal: m.skipped.total,
    ...(seconds !== undefined ? { seconds: round(seconds, 2), examplesPerSecond: round(m.examples / Math.max(seconds, 1e-9), 1) } : {}),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

export function renderPack(r: PackReport): string {
  const t = r.tokenizer;
  const lines = [
    `${r.out}: ${plural(r.examples, "example")} (${plural(r.images, "image")}) in ${plural(r.shards, "shard")}`,
    `  images   ${r.image.size}×${r.image.size} RGB, ${r.image.resize} resize, ${r.image.crop === "center" ? "center crop" : "no crop"}`,
    `  captions ${t.kind} tokens (vocabulary ${t.vocabSize}), at most ${r.maxTokens} per caption: [${t.prefix.join(", ")}] … [${t.suffix.join(", ")}], padded with ${t.pad}` +
      (r.truncated ? `; ${plural(r.truncated, "caption")} cut to fit` : ""),
  ];
  if (r.skippedTotal) {
    const reasons = Object.entries(r.skipped).map(([reason, n]) => `${reason} ${n}`);
    lines.push(`  skipped  ${r.skippedTotal} of the captions on ${plural(r.lines, "line")}: ${reasons.join(", ")}`);
  }
  if (r.seconds !== undefined) lines.push(`  packed in ${r.seconds.toFixed(2)} s, ${r.examplesPerSecond} examples/s`);
  return lines.join("\n") + "\n";
}

export interface BatchReport {
  readonly stepsPerEpoch: number;
  readonly inputs: { readonly name: string; readonly dtype: string; readonly shape: readonly number[]; readonly source: string; readonly min: number; readonly max: number; readonly mean: number }[];
}

export function batchReport(ir: IrGraph, batch: ReadonlyMap<string, HostTensor>, stepsPerEpoch: number): BatchReport {
  const inputs = ir.inputs
    .filter((i) => batch.has(i.name))
    .map((i) => {
      const t = batch.get(i.name)!;
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const v of t.data) {
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
      return { name: i.name, dtype: t.dtype, shape: t.shape, source: sourceText(i.source!), min: round(min, 4), max: round(max, 4), mean: round(sum / Math.max(t.data.length, 1), 4) };
    });
  return { stepsPerEpoch, inputs };
}

export function renderBatch(model: string, b: BatchReport): string {
  const rows = b.inputs.map((i) => [i.name, `${i.dtype} [${i.shape.join(", ")}]`, `${i.min} … ${i.max} (mean ${i.mean})`, `from ${i.source}`]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const table = rows.map((r) => `  ${r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join("  ")}`);
  return [`a batch for ${model} (${plural(b.stepsPerEpoch, "step")} per epoch):`, ...table].join("\n") + "\n";
}
