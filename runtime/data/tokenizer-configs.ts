// The tokenizer.json configurations that the tokenizers of the original models amount to, built
// from the files those models ship, for @huggingface/tokenizers to run (no tokenizer is
// hand-written here: this file only describes the pipeline). Each mirrors Hugging Face's
// conversion of the slow tokenizer (transformers' convert_slow_tokenizer.py):
//
// - BERT WordPiece (`vocab.txt`; ALBEF, BLIP, ViLT, VLMo): BertNormalizer (clean text, space
//   around CJK characters, lowercase and strip accents for an uncased vocabulary), the BERT
//   pre-tokenizer (split on whitespace and punctuation), WordPiece with `##` continuations and
//   [UNK] for words longer than 100 characters, and `[CLS] A [SEP]` around the text.
// - CLIP BPE (openai/CLIP `simple_tokenizer.py`): NFC, runs of whitespace to one space,
//   lowercase; CLIP's word pattern (`'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+`),
//   then GPT-2's byte-to-unicode mapping; BPE with `</w>` marking the end of a word;
//   `<|startoftext|> A <|endoftext|>`. openai's cleaning also runs ftfy and HTML unescaping,
//   which neither Hugging Face's converted tokenizer nor this one does.

export type TokenizerJson = Record<string, unknown>;

interface Special {
  readonly content: string;
  readonly id: number;
}

function addedTokens(specials: readonly Special[]): object[] {
  return specials.map((s) => ({ id: s.id, content: s.content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
}

/** BERT's specials (the ones a vocab.txt holds); [MASK] is optional for packing. */
export const WORDPIECE_SPECIALS = { unk: "[UNK]", cls: "[CLS]", sep: "[SEP]", pad: "[PAD]", mask: "[MASK]" } as const;

export function wordpieceConfig(vocab: ReadonlyMap<string, number>, lowercase: boolean): TokenizerJson {
  const specials = Object.values(WORDPIECE_SPECIALS)
    .filter((t) => vocab.has(t))
    .map((content) => ({ content, id: vocab.get(content)! }));
  const token = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const { cls, sep } = WORDPIECE_SPECIALS;
  return {
    version: "1.0",
    added_tokens: addedTokens(specials),
    // strip_accents null: follow `lowercase`, as BertTokenizer does for an uncased vocabulary.
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
    pre_tokenizer: { type: "BertPreTokenizer" },
    model: { type: "WordPiece", unk_token: WORDPIECE_SPECIALS.unk, continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab) },
    post_processor: {
      type: "TemplateProcessing",
      single: [token(cls, 0), sequence("A", 0), token(sep, 0)],
      pair: [token(cls, 0), sequence("A", 0), token(sep, 0), sequence("B", 1), token(sep, 1)],
      special_tokens: Object.fromEntries([cls, sep].map((t) => [t, { id: t, ids: [vocab.get(t)!], tokens: [t] }])),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
  };
}

export const CLIP_START = "<|startoftext|>";
export const CLIP_END = "<|endoftext|>";
/** openai's tokenizer reads the first 49152 − 256 − 2 merges of its file (vocabulary 49408). */
export const CLIP_MERGES = 49152 - 256 - 2;

const CLIP_WORDS = "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

export function clipBpeConfig(vocab: ReadonlyMap<string, number>, merges: readonly string[]): TokenizerJson {
  const start = vocab.get(CLIP_START)!;
  const end = vocab.get(CLIP_END)!;
  return {
    version: "1.0",
    added_tokens: addedTokens([
      { content: CLIP_START, id: start },
      { content: CLIP_END, id: end },
    ]),
    normalizer: { type: "Sequence", normalizers: [{ type: "NFC" }, { type: "Replace", pattern: { Regex: "\\s+" }, content: " " }, { type: "Lowercase" }] },
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: CLIP_WORDS }, behavior: "Removed", invert: true },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true },
      ],
    },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: CLIP_END,
      continuing_subword_prefix: "",
      end_of_word_suffix: "</w>",
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(vocab),
      merges,
    },
    post_processor: { type: "RobertaProcessing", sep: [CLIP_END, end], cls: [CLIP_START, start], trim_offsets: false, add_prefix_space: false },
    decoder: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
  };
}

/**
 * GPT-2's reversible byte ↔ character table, in openai's order (printable bytes first, then the
 * rest mapped to U+0100 onwards): the first 256 entries of CLIP's vocabulary.
 */
export function byteCharacters(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const chars = printable.map((b) => String.fromCharCode(b));
  let next = 256;
  for (let b = 0; b < 256; b++) if (!printable.includes(b)) chars.push(String.fromCharCode(next++));
  return chars;
}

/** CLIP's vocabulary from its merges alone, as simple_tokenizer.py builds it. */
export function clipVocabFromMerges(merges: readonly string[]): Map<string, number> {
  const bytes = byteCharacters();
  const tokens = [...bytes, ...bytes.map((c) => `${c}</w>`), ...merges.map((m) => m.replace(" ", "")), CLIP_START, CLIP_END];
  const vocab = new Map<string, number>();
  tokens.forEach((t, i) => vocab.set(t, i));
  return vocab;
}
