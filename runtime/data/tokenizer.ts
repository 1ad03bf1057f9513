// The caption tokenizer of a pack: the user's own tokenizer files (tokenizer-files.ts), run by
// @huggingface/tokenizers; what the library returns is authoritative for the ids.
//
// Beyond the ids, training needs what the library does not report: the special tokens the
// post-processor puts before and after a text (found by encoding a probe with and without
// them), the padding id, and the word each token belongs to (for whole-word masking). Words are
// the pre-tokenizer's pieces, as in Hugging Face's `word_ids()`: the text is normalised and
// pre-tokenised by the library's own components and each piece is run through its model.
import * as path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";
import { readTokenizerFiles, TokenizerProblem, type TokenizerFiles } from "./tokenizer-files.js";

export type TokenizerKind = "wordpiece" | "bpe" | "json";

/** What a pack records about its tokenizer (manifest.json `tokenizer`). */
export interface TokenizerInfo {
  readonly kind: TokenizerKind;
  readonly files: readonly string[];
  /** wordpiece: whether the vocabulary is uncased (then text is lowercased, accents stripped). */
  readonly lowercase?: boolean;
  /** One more than the largest id the tokenizer can produce. */
  readonly vocabSize: number;
  readonly pad: number;
  /** Where the padding id comes from ("[PAD]", "openai CLIP pads with 0", …). */
  readonly padFrom: string;
  /** The special tokens placed before and after every text (e.g. [CLS] and [SEP]). */
  readonly prefix: readonly number[];
  readonly suffix: readonly number[];
  readonly unk?: number;
  readonly mask?: number;
}

export interface EncodedCaption {
  /** prefix + text tokens + suffix, at most `maxTokens` long. */
  readonly ids: readonly number[];
  /** The word index of each token; −1 for the special tokens. */
  readonly words: readonly number[];
  readonly truncated: boolean;
  /** The pre-tokenizer's pieces did not reproduce the library's tokens: each token is its own word. */
  readonly wordsApproximate: boolean;
}

export type EncodeResult = { readonly ok: true; readonly caption: EncodedCaption } | { readonly ok: false; readonly problem: string };

export class CaptionTokenizer {
  constructor(
    readonly info: TokenizerInfo,
    private readonly library: Tokenizer,
  ) {}

  /** Tokenises `text`; a longer text loses tokens from the end of its body, never its suffix. */
  encode(text: string, maxTokens: number): EncodeResult {
    const full: readonly number[] = this.library.encode(text).ids;
    const { prefix, suffix } = this.info;
    const bodyEnd = full.length - suffix.length;
    if (bodyEnd < prefix.length || !prefix.every((id, i) => full[i] === id) || !suffix.every((id, i) => full[bodyEnd + i] === id)) {
      return { ok: false, problem: "the tokenizer did not place its usual special tokens around this text" };
    }
    const body = full.slice(prefix.length, bodyEnd);
    const words = this.wordsOf(text, body.length);
    const room = maxTokens - prefix.length - suffix.length;
    const kept = Math.min(body.length, room);
    const ids = [...prefix, ...body.slice(0, kept), ...suffix];
    const wordIds = [...prefix.map(() => -1), ...(words ?? body.map((_, i) => i)).slice(0, kept), ...suffix.map(() => -1)];
    return { ok: true, caption: { ids, words: wordIds, truncated: kept < body.length, wordsApproximate: words === undefined } };
  }

  /** Word indices of the body's tokens from the library's own pieces, or undefined if they do not add up. */
  private wordsOf(text: string, count: number): number[] | undefined {
    const { normalizer, pre_tokenizer: preTokenizer, model } = this.library;
    if (!model) return undefined;
    const normalized = normalizer ? normalizer.normalize(text) : text;
    const pieces = preTokenizer ? preTokenizer.pre_tokenize(normalized, { section_index: 0 }) : [normalized];
    const words: number[] = [];
    let word = 0;
    for (const piece of pieces) {
      const n = model.encode([piece]).length;
      if (n === 0) continue;
      for (let i = 0; i < n; i++) words.push(word);
      word++;
    }
    return words.length === count ? words : undefined;
  }
}

export type TokenizerLoad = { readonly tokenizer: CaptionTokenizer; readonly diagnostics: readonly [] } | { readonly tokenizer: undefined; readonly diagnostics: readonly Diagnostic[] };

/** Reads the tokenizer `spec` names and builds it. */
export function loadTokenizer(spec: string): TokenizerLoad {
  const colon = spec.indexOf(":");
  const kind = spec.slice(0, Math.max(colon, 0));
  const target = spec.slice(colon + 1);
  try {
    if (colon <= 0 || !target || !["wordpiece", "bpe", "json"].includes(kind)) throw new TokenizerProblem(`'${spec}' names no tokenizer`);
    return { tokenizer: finish(kind as TokenizerKind, readTokenizerFiles(kind as TokenizerKind, target)), diagnostics: [] };
  } catch (e) {
    if (!(e instanceof TokenizerProblem)) throw e;
    return { tokenizer: undefined, diagnostics: [diagnostic(say(Diag.TokenizerFiles, "unusable", { problem: e.message }))] };
  }
}

const PROBES = ["a photo of a dog", "a", "x", "0", "."];

function finish(kind: TokenizerKind, built: TokenizerFiles): CaptionTokenizer {
  let library: Tokenizer;
  try {
    library = new Tokenizer(built.config, built.tokenizerConfig);
  } catch (e) {
    throw new TokenizerProblem(`${built.files.join(", ")}: the tokenizer library refuses this configuration (${(e as Error).message})`);
  }
  const around = specialsAround(library);
  if (!around) throw new TokenizerProblem(`${built.files.join(", ")}: the tokenizer turns plain text (${PROBES.map((p) => JSON.stringify(p)).join(", ")}) into no tokens`);
  let vocabSize = 0;
  for (const id of library.get_vocab(true).values()) vocabSize = Math.max(vocabSize, id + 1);
  const pad = built.pad(library);
  const info: TokenizerInfo = {
    kind,
    files: built.files.map((f) => path.resolve(f)),
    ...(built.lowercase !== undefined ? { lowercase: built.lowercase } : {}),
    vocabSize: Math.max(vocabSize, pad.id + 1),
    pad: pad.id,
    padFrom: pad.from,
    prefix: around.prefix,
    suffix: around.suffix,
    ...(built.unk !== undefined ? { unk: built.unk } : {}),
    ...(built.mask !== undefined ? { mask: built.mask } : {}),
  };
  return new CaptionTokenizer(info, library);
}

/** The ids the post-processor adds before and after a text: where the bare encoding sits inside the full one. */
function specialsAround(library: Tokenizer): { prefix: number[]; suffix: number[] } | undefined {
  for (const probe of PROBES) {
    const full: number[] = library.encode(probe).ids;
    const bare: number[] = library.encode(probe, { add_special_tokens: false }).ids;
    if (bare.length === 0) continue;
    for (let at = 0; at + bare.length <= full.length; at++) {
      if (bare.every((id, i) => full[at + i] === id)) return { prefix: full.slice(0, at), suffix: full.slice(at + bare.length) };
    }
  }
  return undefined;
}
