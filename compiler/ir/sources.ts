// The closed set of data sources an input may declare (`input image: f32[B, 3, 224, 224] from
// image(mean: …, std: …)`): where `vlmc data pack` and the trainer take the input's values from
// in an image–caption dataset, and how they are prepared. The elaborator accepts exactly these
// names and arguments and the runtime implements each one, as with the initialisers of
// compiler/ir/init.ts. What a source gives must fit the input's declared type (`fit`), and
// sources drawn from one pair must agree with each other (`pairingProblems`); the elaborator
// reports a failure of either as a coded diagnostic, the verifier as a malformed IR.
import { isFloat, isInt, type IrSource, type SourceValue, type TensorType } from "./types.js";
import type { Dim } from "../shapes/dim.js";

export interface SourceArg {
  readonly name: string;
  /** `channels`: one number per image channel; `choice`: one of `choices`. */
  readonly kind: "channels" | "choice";
  readonly choices?: readonly string[];
  /** Every number must be > 0 (a divisor). */
  readonly positive?: boolean;
  /** undefined: required. */
  readonly default?: SourceValue;
  readonly doc: string;
}

/** Why an input's type cannot hold a source's values: its dtype, or its shape. */
export interface TypeMisfit {
  readonly part: "dtype" | "shape";
  readonly message: string;
}

export interface SourceDef {
  readonly kind: string;
  readonly doc: string;
  readonly args: readonly SourceArg[];
  /** What the input must be, in words: "an integer tensor [B, L]". */
  readonly expects: string;
  /** `pair`: one value per image–caption pair, batched on axis 0; `step`: one value per step. */
  readonly per: "pair" | "step";
  /** Describes the tokens of an input that takes this source: it needs one of the same shape. */
  readonly describes?: string;
  fit(type: TensorType, args: Readonly<Record<string, SourceValue>>): TypeMisfit | undefined;
}

const IMAGE_ARGS: readonly SourceArg[] = [
  { name: "mean", kind: "channels", doc: "per-channel mean on the [0, 1] scale, subtracted first" },
  { name: "std", kind: "channels", positive: true, doc: "per-channel standard deviation, divided by next (each > 0)" },
  { name: "resize", kind: "choice", choices: ["bicubic", "bilinear"], default: "bicubic", doc: "interpolation of the resize" },
  {
    name: "crop",
    kind: "choice",
    choices: ["center", "none"],
    default: "center",
    doc: '"center": scaled (aspect ratio kept) to cover H × W, then the central H × W; "none": each side scaled to H × W',
  },
];

function channelCount(args: Readonly<Record<string, SourceValue>>): number {
  const mean = args["mean"];
  return Array.isArray(mean) ? mean.length : 0;
}

function imageFit(t: TensorType, args: Readonly<Record<string, SourceValue>>): TypeMisfit | undefined {
  if (!isFloat(t.dtype)) return { part: "dtype", message: `gives normalised pixels, a float tensor, not ${t.dtype}` };
  if (t.shape.length !== 4) return { part: "shape", message: `gives images [B, C, H, W], but the input has rank ${t.shape.length}` };
  const channels = t.shape[1]!.value;
  const want = channelCount(args);
  if (channels !== want) {
    const has = channels === undefined ? `a symbolic channel axis ${t.shape[1]!.toString()}` : `${channels} channel${channels === 1 ? "" : "s"}`;
    return { part: "shape", message: `gives ${want} channel${want === 1 ? "" : "s"} (one per number of \`mean\` and \`std\`), but the input has ${has}` };
  }
  return undefined;
}

function tokensFit(what: string): SourceDef["fit"] {
  return (t) => {
    if (!isInt(t.dtype)) return { part: "dtype", message: `gives ${what}, an integer tensor, not ${t.dtype}` };
    if (t.shape.length !== 2) return { part: "shape", message: `gives ${what} [B, L], but the input has rank ${t.shape.length}` };
    return undefined;
  };
}

const DEFS: readonly SourceDef[] = [
  {
    kind: "image",
    doc:
      "The pair's image as RGB, resized to the input's H × W (`crop`), then normalised per channel: (x / 255 − mean) / std.",
    args: IMAGE_ARGS,
    expects: "a float tensor [B, C, H, W], C the number of channels of `mean` and `std`",
    per: "pair",
    fit: imageFit,
  },
  {
    kind: "other_image",
    doc: "An image drawn at random from the dataset for each pair (ViLT's `false_image`: a negative), prepared as `image`.",
    args: IMAGE_ARGS,
    expects: "a float tensor [B, C, H, W], C the number of channels of `mean` and `std`",
    per: "pair",
    fit: imageFit,
  },
  {
    kind: "caption",
    doc:
      "The pair's caption as token ids: the tokenizer's own special tokens around it, truncated to L (keeping the end token), " +
      "padded with the tokenizer's pad id.",
    args: [],
    expects: "an integer tensor [B, L]",
    per: "pair",
    fit: tokensFit("token ids"),
  },
  {
    kind: "caption_mask",
    doc: "1 for the caption's tokens (special tokens included), 0 for padding; shaped as the caption.",
    args: [],
    expects: "an integer tensor [B, L], shaped as a caption input",
    per: "pair",
    describes: "caption",
    fit: tokensFit("a 0/1 padding mask"),
  },
  {
    kind: "caption_words",
    doc:
      "For each caption token, the index of the word it belongs to (the pieces of a word share it; each special token and " +
      "each padding position counts as a word of its own), for whole-word masking; shaped as the caption.",
    args: [],
    expects: "an integer tensor [B, L], shaped as a caption input",
    per: "pair",
    describes: "caption",
    fit: tokensFit("word indices"),
  },
  {
    kind: "progress",
    doc: "Training progress in epochs: step / steps per epoch (0 at the start, 1 after one pass over the data).",
    args: [],
    expects: "a float scalar f32[]",
    per: "step",
    fit: (t) => {
      if (!isFloat(t.dtype)) return { part: "dtype", message: `gives a fraction of epochs, a float, not ${t.dtype}` };
      if (t.shape.length !== 0) return { part: "shape", message: `gives one number per step, a scalar [], but the input has rank ${t.shape.length}` };
      return undefined;
    },
  },
];

export const SOURCES: ReadonlyMap<string, SourceDef> = new Map(DEFS.map((d) => [d.kind, d]));

/** A problem with one argument's value, for a message at that argument. */
export interface ArgProblem {
  readonly arg: string;
  readonly message: string;
  readonly hint?: string;
}

const quoted = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(", ");

/** The first problem with the arguments' values (all present, of the right kinds), if any. */
export function argProblem(def: SourceDef, args: Readonly<Record<string, SourceValue>>): ArgProblem | undefined {
  let channels: { arg: string; count: number } | undefined;
  for (const a of def.args) {
    const v = args[a.name];
    if (a.kind === "choice") {
      if (typeof v !== "string" || !a.choices!.includes(v)) {
        return { arg: a.name, message: `\`${a.name}\` of ${def.kind} must be one of ${quoted(a.choices!)}, not ${JSON.stringify(v)}`, hint: a.doc };
      }
      continue;
    }
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === "number" && Number.isFinite(x))) {
      return { arg: a.name, message: `\`${a.name}\` of ${def.kind} must be a non-empty list of finite numbers, one per channel`, hint: a.doc };
    }
    if (a.positive && v.some((x: number) => !(x > 0))) {
      return { arg: a.name, message: `\`${a.name}\` of ${def.kind} must hold numbers > 0, but holds ${v.find((x: number) => !(x > 0))}`, hint: "a standard deviation divides the pixel values" };
    }
    if (channels && channels.count !== v.length) {
      return {
        arg: a.name,
        message: `\`${a.name}\` of ${def.kind} has ${v.length} numbers, but \`${channels.arg}\` has ${channels.count}`,
        hint: "give one number per image channel in each",
      };
    }
    channels ??= { arg: a.name, count: v.length };
  }
  return undefined;
}

/** Are these exactly the source's arguments, each given (as the elaborator writes them, defaults filled in)? */
export function hasExactArgs(def: SourceDef, args: Readonly<Record<string, SourceValue>>): boolean {
  const given = Object.keys(args);
  return given.length === def.args.length && def.args.every((a) => args[a.name] !== undefined);
}

/** `image(mean: [0.5, 0.5, 0.5], std: …, resize: "bicubic", crop: "none")`, or `caption`. */
export function sourceText(s: IrSource): string {
  const args = Object.entries(s.args).map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(", ")}]` : typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  return args.length === 0 ? s.kind : `${s.kind}(${args.join(", ")})`;
}

export interface SourcedInput {
  readonly name: string;
  readonly source: IrSource;
  readonly type: TensorType;
}

export interface PairingProblem {
  /** The input at fault (the later one, or the one that lacks its caption). */
  readonly input: string;
  readonly kind: "caption" | "batch";
  readonly message: string;
  readonly hint: string;
}

function sameShape(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d.equals(b[i]!));
}

const shapeText = (s: readonly Dim[]): string => `[${s.map(String).join(", ")}]`;

/**
 * What sources of one model must agree on: a caption's mask and word indices need an input that
 * takes the caption at the same shape, and the inputs drawn per pair share their batch axis.
 */
export function pairingProblems(inputs: readonly SourcedInput[]): PairingProblem[] {
  const out: PairingProblem[] = [];
  for (const i of inputs) {
    const of = SOURCES.get(i.source.kind)?.describes;
    if (of === undefined) continue;
    const described = inputs.filter((c) => c.source.kind === of);
    if (described.some((c) => sameShape(c.type.shape, i.type.shape))) continue;
    out.push(
      described.length === 0
        ? {
            input: i.name,
            kind: "caption",
            message: `input \`${i.name}\` takes ${i.source.kind}, which describes the tokens of a ${of}, but no input takes \`${of}\``,
            hint: `declare the ${of} too, e.g. \`input text: i32${shapeText(i.type.shape)} from ${of}\``,
          }
        : {
            input: i.name,
            kind: "caption",
            message: `input \`${i.name}\` takes ${i.source.kind} at ${shapeText(i.type.shape)}, but the ${of} (\`${described[0]!.name}\`) is ${shapeText(described[0]!.type.shape)}`,
            hint: `give \`${i.name}\` the shape of the ${of} it describes`,
          },
    );
  }
  const perPair = inputs.filter((i) => SOURCES.get(i.source.kind)?.per === "pair" && i.type.shape.length > 0);
  const first = perPair[0];
  for (const i of perPair.slice(1)) {
    if (i.type.shape[0]!.equals(first!.type.shape[0]!)) continue;
    out.push({
      input: i.name,
      kind: "batch",
      message: `input \`${i.name}\` has batch axis ${i.type.shape[0]!.toString()}, but \`${first!.name}\` has ${first!.type.shape[0]!.toString()}: inputs drawn from one pair are batched together`,
      hint: `give \`${i.name}\` the batch axis ${first!.type.shape[0]!.toString()}`,
    });
  }
  return out;
}
