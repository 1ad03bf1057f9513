// Matching a model's inputs to a pack, before any batch is read. Every input the run needs must
// declare a data source (`from image(…)`, `from caption`, …; compiler/ir/sources.ts) and the
// pack must be able to give it: images of the input's H × W (the pack stores one size: another
// needs a repack), token ids below the model's vocabulary, enough distinct images to draw
// `other_image` from, at least one batch of examples. Each failure is a coded diagnostic
// (VLM6309, VLM6310); preprocessing that differs from the declaration (another resize filter
// or crop, captions cut shorter than the model reads) is a warning (VLM6311).
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { phrase, say, type Said } from "../../compiler/diagnostics/template.js";
import type { DType, IrGraph, IrInput } from "../../compiler/ir/types.js";
import { Dim, shapeString } from "../../compiler/shapes/dim.js";
import type { DimBindings } from "../dims.js";
import { RunError } from "../errors.js";
import { inputRoles, type InputRole } from "../synthetic.js";
import type { Manifest } from "./manifest.js";

interface FillerBase {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
}

export type Filler =
  | (FillerBase & { readonly kind: "image" | "other_image"; readonly mean: readonly number[]; readonly std: readonly number[] })
  | (FillerBase & { readonly kind: "caption" | "caption_mask" | "caption_words"; readonly length: number })
  | (FillerBase & { readonly kind: "progress" });

export interface FitOptions {
  readonly batch: number;
  /** The run's dims; without them `B` is the batch and every other dim must be a number. */
  readonly dims?: DimBindings;
  /** The inputs the run reads (default: all the model's inputs). */
  readonly needed?: ReadonlySet<string>;
}

const REPACK = (flag: string): string => phrase(Diag.DataMismatch, "repackHint", { flag });

/** What to fill each needed input with; throws RunError when the pack cannot give them. */
export function fitInputs(ir: IrGraph, manifest: Manifest, options: FitOptions): { fillers: Filler[]; warnings: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const fillers: Filler[] = [];
  const needed = ir.inputs.filter((i) => !options.needed || options.needed.has(i.name));
  const unsourced = needed.filter((i) => !i.source);
  for (const input of unsourced) {
    const type = ir.nodes[input.node]!.type;
    errors.push(
      diagnostic(say(Diag.InputNoSource, "none", { name: input.name, type: `${type.dtype}${shapeString(type.shape)}` }), input.span),
    );
  }
  const roles = inputRoles(ir);
  for (const input of needed) {
    if (!input.source) continue;
    const filler = fitOne(ir, input, manifest, options, (d) => errors.push(d), (d) => warnings.push(d), roles.get(input.name));
    if (filler) fillers.push(filler);
  }
  if (fillers.some((f) => f.kind !== "progress") && manifest.examples < options.batch) {
    errors.push(diagnostic(say(Diag.DataMismatch, "fewerThanBatch", { count: manifest.examples, batch: options.batch })));
  }
  if (errors.length) throw new RunError(errors);
  return { fillers, warnings };
}

function fitOne(ir: IrGraph, input: IrInput, m: Manifest, options: FitOptions, error: (d: Diagnostic) => void, warn: (d: Diagnostic) => void, role: InputRole | undefined): Filler | undefined {
  const source = input.source!;
  const type = ir.nodes[input.node]!.type;
  const mismatch = (said: Said, hint?: string): undefined => {
    error(diagnostic(said, input.span, hint ? { hint } : {}));
    return undefined;
  };
  const shape = resolveShape(type.shape, options);
  if (typeof shape === "string") return mismatch(say(Diag.DataMismatch, "unknownSize", { dim: shape, name: input.name, shape: shapeString(type.shape) }));
  if (shape.length > 0 && source.kind !== "progress" && shape[0] !== options.batch) {
    return mismatch(say(Diag.DataMismatch, "batchAxis", { name: input.name, shape: shapeString(type.shape), size: shape[0]!, batch: options.batch }));
  }
  const base = { name: input.name, dtype: type.dtype, shape };
  switch (source.kind) {
    case "image":
    case "other_image": {
      const mean = source.args["mean"] as readonly number[];
      const std = source.args["std"] as readonly number[];
      const [, channels, height, width] = shape as [number, number, number, number];
      if (shape.length !== 4 || (channels !== 3 && channels !== 1) || mean.length !== channels || std.length !== channels) {
        return mismatch(say(Diag.DataMismatch, "channels", { name: input.name, shape: shapeString(type.shape), source: source.kind, channels: mean.length }));
      }
      if (height !== m.image.size || width !== m.image.size) {
        const hint = height === width ? REPACK(`--image-size ${height}`) : phrase(Diag.DataMismatch, "squareHint");
        return mismatch(say(Diag.DataMismatch, "imageSize", { name: input.name, height, width, size: m.image.size }), hint);
      }
      if (source.kind === "other_image" && m.images < 2) return mismatch(say(Diag.DataMismatch, "otherImage", { name: input.name }));
      for (const [arg, packed, flag] of [
        ["resize", m.image.resize, "--resize"],
        ["crop", m.image.crop, "--crop"],
      ] as const) {
        const declared = source.args[arg];
        if (declared !== undefined && declared !== packed) {
          warn(
            diagnostic(say(Diag.DataPreprocessing, "prepared", { name: input.name, arg, declared: String(declared), packed }), input.span, {
              hint: REPACK(`${flag} ${declared}`),
            }),
          );
        }
      }
      return { ...base, kind: source.kind, mean, std };
    }
    case "caption":
    case "caption_mask":
    case "caption_words": {
      if (shape.length !== 2) return mismatch(say(Diag.DataMismatch, "captionRank", { name: input.name, shape: shapeString(type.shape), source: source.kind }));
      const length = shape[1]!;
      if (source.kind === "caption" && role?.kind === "ids" && m.text.maxId >= role.below) {
        return mismatch(say(Diag.DataMismatch, "vocabulary", { name: input.name, rows: role.below, maxId: m.text.maxId, tokenizer: m.tokenizer.kind, vocabSize: m.tokenizer.vocabSize }));
      }
      if (source.kind === "caption" && length > m.text.maxTokens && m.text.truncated > 0) {
        warn(
          diagnostic(say(Diag.DataPreprocessing, "truncated", { name: input.name, length, captions: m.text.truncated === 1 ? phrase(Diag.DataPreprocessing, "aCaption") : phrase(Diag.DataPreprocessing, "captions", { count: m.text.truncated }), max: m.text.maxTokens }), input.span, {
            hint: REPACK(`--max-tokens ${length}`),
          }),
        );
      }
      return { ...base, kind: source.kind, length };
    }
    case "progress":
      if (shape.length !== 0) return mismatch(say(Diag.DataMismatch, "progressRank", { name: input.name, shape: shapeString(type.shape) }));
      return { ...base, kind: "progress" };
    default:
      error(
        diagnostic(say(Diag.InputNoSource, "unsupported", { name: input.name, source: source.kind }), input.span),
      );
      return undefined;
  }
}

/** The input's shape in this run, or the name of a dim nothing binds. */
function resolveShape(shape: readonly Dim[], options: FitOptions): number[] | string {
  const batch = new Map([["B", Dim.of(options.batch)]]);
  const out: number[] = [];
  for (const d of shape) {
    let v = d.value;
    if (v === undefined && options.dims) {
      try {
        v = options.dims.value(d);
      } catch {
        v = undefined;
      }
    }
    v ??= d.substitute(batch).value;
    if (v === undefined) return [...d.symbols()].find((s) => s !== "B") ?? d.toString();
    out.push(v);
  }
  return out;
}
