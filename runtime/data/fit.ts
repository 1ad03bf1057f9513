// Matching a model's inputs to a pack, before any batch is read. Every input the run needs must
// declare a data source (`from image(…)`, `from caption`, …; compiler/ir/sources.ts) and the
// pack must be able to give it: images of the input's H × W (the pack stores one size: another
// needs a repack), token ids below the model's vocabulary, enough distinct images to draw
// `other_image` from, at least one batch of examples. Each failure is a coded diagnostic
// (VLM6309, VLM6310); preprocessing that differs from the declaration (another resize filter
// or crop, captions cut shorter than the model reads) is a warning (VLM6311).
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
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

const REPACK = (flag: string): string => `pack the data again with \`vlmc data pack … ${flag}\``;

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
      diagnostic(Diag.InputNoSource, `input \`${input.name}\` ${type.dtype}${shapeString(type.shape)} declares no data source, so a data set cannot fill it`, input.span, {
        hint: "declare where it comes from (`from image(mean: …, std: …)`, `from caption`, `from caption_mask`, …), or train on synthetic data with --data synthetic",
      }),
    );
  }
  const roles = inputRoles(ir);
  for (const input of needed) {
    if (!input.source) continue;
    const filler = fitOne(ir, input, manifest, options, (d) => errors.push(d), (d) => warnings.push(d), roles.get(input.name));
    if (filler) fillers.push(filler);
  }
  if (fillers.some((f) => f.kind !== "progress") && manifest.examples < options.batch) {
    errors.push(diagnostic(Diag.DataMismatch, `the pack holds ${manifest.examples} example${manifest.examples === 1 ? "" : "s"}, fewer than one batch of ${options.batch}`, undefined, { hint: `use --batch ${manifest.examples} or less, or pack more data` }));
  }
  if (errors.length) throw new RunError(errors);
  return { fillers, warnings };
}

function fitOne(ir: IrGraph, input: IrInput, m: Manifest, options: FitOptions, error: (d: Diagnostic) => void, warn: (d: Diagnostic) => void, role: InputRole | undefined): Filler | undefined {
  const source = input.source!;
  const type = ir.nodes[input.node]!.type;
  const mismatch = (message: string, hint?: string): undefined => {
    error(diagnostic(Diag.DataMismatch, message, input.span, hint ? { hint } : {}));
    return undefined;
  };
  const shape = resolveShape(type.shape, options);
  if (typeof shape === "string") return mismatch(`the size \`${shape}\` of input \`${input.name}\` ${shapeString(type.shape)} is not known`, `fix it with --dim ${shape}=N`);
  if (shape.length > 0 && source.kind !== "progress" && shape[0] !== options.batch) {
    return mismatch(`input \`${input.name}\` ${shapeString(type.shape)} has batch axis ${shape[0]}, but batches hold ${options.batch} examples`);
  }
  const base = { name: input.name, dtype: type.dtype, shape };
  switch (source.kind) {
    case "image":
    case "other_image": {
      const mean = source.args["mean"] as readonly number[];
      const std = source.args["std"] as readonly number[];
      const [, channels, height, width] = shape as [number, number, number, number];
      if (shape.length !== 4 || (channels !== 3 && channels !== 1) || mean.length !== channels || std.length !== channels) {
        return mismatch(`input \`${input.name}\` ${shapeString(type.shape)} takes ${source.kind} with ${mean.length} channel(s); the pack holds RGB images, which give 3 channels, or 1 as grey`);
      }
      if (height !== m.image.size || width !== m.image.size) {
        const hint = height === width ? REPACK(`--image-size ${height}`) : "a pack holds square images; declare a square input or crop elsewhere";
        return mismatch(`input \`${input.name}\` takes ${height}×${width} images, but the pack holds ${m.image.size}×${m.image.size}`, hint);
      }
      if (source.kind === "other_image" && m.images < 2) return mismatch(`input \`${input.name}\` takes another image of the data set, but the pack holds only one image`, "pack pairs with at least two different images");
      for (const [arg, packed, flag] of [
        ["resize", m.image.resize, "--resize"],
        ["crop", m.image.crop, "--crop"],
      ] as const) {
        const declared = source.args[arg];
        if (declared !== undefined && declared !== packed) {
          warn(
            diagnostic(Diag.DataPreprocessing, `input \`${input.name}\` declares ${arg}: "${declared}", but the pack's images were prepared with ${arg} "${packed}"`, input.span, {
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
      if (shape.length !== 2) return mismatch(`input \`${input.name}\` ${shapeString(type.shape)} takes ${source.kind}, which is [B, L]`);
      const length = shape[1]!;
      if (source.kind === "caption" && role?.kind === "ids" && m.text.maxId >= role.below) {
        return mismatch(
          `input \`${input.name}\` indexes a table of ${role.below} rows, but the pack holds token ids up to ${m.text.maxId} (a ${m.tokenizer.kind} vocabulary of ${m.tokenizer.vocabSize})`,
          "use the model variant whose vocabulary matches the tokenizer, or pack with a smaller tokenizer",
        );
      }
      if (source.kind === "caption" && length > m.text.maxTokens && m.text.truncated > 0) {
        warn(
          diagnostic(Diag.DataPreprocessing, `input \`${input.name}\` reads captions of up to ${length} tokens, but the pack cut ${m.text.truncated === 1 ? "a caption" : `${m.text.truncated} captions`} at ${m.text.maxTokens}`, input.span, {
            hint: REPACK(`--max-tokens ${length}`),
          }),
        );
      }
      return { ...base, kind: source.kind, length };
    }
    case "progress":
      if (shape.length !== 0) return mismatch(`input \`${input.name}\` ${shapeString(type.shape)} takes progress, which is a scalar []`);
      return { ...base, kind: "progress" };
    default:
      error(
        diagnostic(Diag.InputNoSource, `input \`${input.name}\` declares the data source \`${source.kind}\`, which this data reader does not provide`, input.span, {
          hint: "the reader provides image, other_image, caption, caption_mask, caption_words and progress; or train with --data synthetic",
        }),
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
