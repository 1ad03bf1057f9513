// The caption tokenizers built from the user's files (runtime/data/tokenizer.ts): BERT WordPiece
// from a vocab.txt, CLIP BPE from merges (openai's single file, or vocab.json + merges.txt), and a
// tokenizer.json used as is. Expected ids were worked out by hand from the test vocabularies and,
// for BPE, checked against openai's simple_tokenizer.py algorithm.
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { describe, expect, it } from "vitest";
import { loadTokenizer, type CaptionTokenizer } from "../../../runtime/data/tokenizer.js";
import { clipVocabFromMerges, wordpieceConfig } from "../../../runtime/data/tokenizer-configs.js";
import { MERGES, tempDir, VOCAB, writeMerges, writeVocab } from "./fixtures.js";

const dir = tempDir("tok");

function load(spec: string): CaptionTokenizer {
  const r = loadTokenizer(spec);
  expect(r.diagnostics).toEqual([]);
  return r.tokenizer!;
}

function encode(t: CaptionTokenizer, text: string, max = 64) {
  const r = t.encode(text, max);
  if (!r.ok) throw new Error(r.problem);
  return r.caption;
}

describe("BERT WordPiece from vocab.txt", () => {
  const bert = load(`wordpiece:${writeVocab(dir)}`);

  it("records the special tokens: [CLS] before, [SEP] after, [PAD] = 0; the vocabulary is detected as uncased", () => {
    expect(bert.info).toMatchObject({ kind: "wordpiece", lowercase: true, vocabSize: VOCAB.length, pad: 0, prefix: [2], suffix: [3], unk: 1, mask: 4 });
  });

  it("lowercases, strips accents, splits punctuation and word pieces; words group the pieces", () => {
    const c = encode(bert, "The Café, a reddish DOGS.");
    // [CLS] the cafe , a red ##dish dog ##s . [SEP]
    expect(c.ids).toEqual([2, 11, 14, 13, 5, 16, 17, 8, 9, 10, 3]);
    expect(c.words).toEqual([-1, 0, 1, 2, 3, 4, 4, 5, 5, 6, -1]);
    expect(c.truncated).toBe(false);
  });

  it("gives the library's own ids for a tokenizer.json built the same way", () => {
    const vocab = new Map(VOCAB.map((t, i) => [t, i]));
    const library = new Tokenizer(wordpieceConfig(vocab, true), {});
    for (const text of ["a photo of a dog.", "the cat sits on red grass", "zebra!"]) expect(encode(bert, text).ids).toEqual(library.encode(text).ids);
    expect(encode(bert, "zebra!").ids).toEqual([2, 1, 1, 3]);
  });

  it("truncates the text, never the end token", () => {
    const c = encode(bert, "a photo of a dog on red grass", 5);
    expect(c.ids).toEqual([2, 5, 6, 7, 3]);
    expect(c.words).toEqual([-1, 0, 1, 2, -1]);
    expect(c.truncated).toBe(true);
  });

  it("a special token written in a caption stays one token; its words are then one per token, and flagged", () => {
    const c = encode(bert, "a [MASK] dogs");
    expect(c.ids).toEqual([2, 5, 4, 8, 9, 3]);
    expect(c.wordsApproximate).toBe(true);
    expect(c.words).toEqual([-1, 0, 1, 2, 3, -1]);
  });

  it("a cased vocabulary keeps case and accents", () => {
    const cased = load(`wordpiece:${writeVocab(tempDir("cased"), [...VOCAB, "Dog", "The", "Café", "Cat"])}`);
    expect(cased.info.lowercase).toBe(false);
    expect(encode(cased, "The Dog").ids).toEqual([2, VOCAB.length + 1, VOCAB.length, 3]);
  });

  it("a vocabulary without BERT's special tokens, a missing file, an unknown kind are VLM6302", () => {
    const bad = writeVocab(tempDir("bad"), ["a", "b"]);
    const codes = [`wordpiece:${bad}`, `wordpiece:${path.join(dir, "nope.txt")}`, "sentencepiece:x.model", "vocab.txt"].map((s) => loadTokenizer(s).diagnostics.map((d) => d.code));
    expect(codes).toEqual([["VLM6302"], ["VLM6302"], ["VLM6302"], ["VLM6302"]]);
    expect(loadTokenizer(`wordpiece:${bad}`).diagnostics[0]!.message).toContain("lacks BERT's special tokens [UNK], [CLS], [SEP], [PAD]");
  });
});

describe("CLIP BPE", () => {
  const merges = writeMerges(dir);
  const clip = load(`bpe:${merges}`);
  // openai's vocabulary: 256 byte characters, the same with </w>, the merges, then the two specials.
  const start = 512 + MERGES.length;

  it("builds openai's vocabulary from the merges; <|startoftext|> X <|endoftext|>, padded with 0", () => {
    expect(clip.info).toMatchObject({ kind: "bpe", vocabSize: start + 2, pad: 0, prefix: [start], suffix: [start + 1] });
    const vocab = clipVocabFromMerges(MERGES);
    expect([vocab.get("!"), vocab.get("a"), vocab.get("a</w>"), vocab.get("do"), vocab.get("<|endoftext|>")]).toEqual([0, 64, 320, 512, start + 1]);
  });

  it("lowercases, cleans whitespace, splits CLIP's words, marks word ends with </w>", () => {
    const c = encode(clip, "A photo of a  dog's Dog!!");
    // a</w> photo</w> of</w> a</w> dog</w> 's → ' s</w>, dog</w>, !!: ! !</w>
    expect(c.ids).toEqual([start, 320, 517, 518, 320, 513, 6, 338, 513, 0, 256, start + 1]);
    expect(c.words).toEqual([-1, 0, 1, 2, 3, 4, 5, 5, 6, 7, 7, -1]);
    expect(encode(clip, "a cat", 3).ids).toEqual([start, 320, start + 1]);
  });

  it("openai's gzipped file, a folder with it, and vocab.json + merges.txt give the same ids", () => {
    const gz = path.join(tempDir("gz"), "bpe_simple_vocab_16e6.txt.gz");
    writeFileSync(gz, gzipSync(Buffer.from(["#version: 0.2", ...MERGES].join("\n"))));
    const hf = tempDir("hf");
    writeMerges(hf);
    writeFileSync(path.join(hf, "vocab.json"), JSON.stringify(Object.fromEntries(clipVocabFromMerges(MERGES))));
    const text = "a photo of a cat, dogs";
    const expected = encode(clip, text).ids;
    for (const spec of [`bpe:${gz}`, `bpe:${path.dirname(gz)}`, `bpe:${hf}`, `bpe:${path.join(hf, "vocab.json")},${path.join(hf, "merges.txt")}`]) {
      expect(encode(load(spec), text).ids, spec).toEqual(expected);
    }
    expect(load(`bpe:${hf}`).info.files.map((f) => path.basename(f))).toEqual(["vocab.json", "merges.txt"]);
  });

  it("a merges line that is not a pair is VLM6302 with its line", () => {
    const file = path.join(tempDir("badmerges"), "merges.txt");
    writeFileSync(file, "#version: 0.2\nd o\nthree parts here\n");
    const d = loadTokenizer(`bpe:${file}`).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["VLM6302"]);
    expect(d[0]!.message).toContain("merges.txt:3:");
  });
});

describe("tokenizer.json", () => {
  it("is used as is; its padding settings give the pad id", () => {
    const vocab = new Map(VOCAB.map((t, i) => [t, i]));
    const file = path.join(tempDir("json"), "tokenizer.json");
    writeFileSync(file, JSON.stringify({ ...wordpieceConfig(vocab, true), padding: { pad_id: 4, pad_token: "[MASK]" } }));
    const t = load(`json:${file}`);
    expect(t.info).toMatchObject({ kind: "json", pad: 4, prefix: [2], suffix: [3] });
    expect(encode(t, "A dog.").ids).toEqual([2, 5, 8, 10, 3]);
  });

  it("without padding settings, its [PAD] token; a file that is not a tokenizer is VLM6302", () => {
    const vocab = new Map(VOCAB.map((t, i) => [t, i]));
    const d = tempDir("json2");
    writeFileSync(path.join(d, "tokenizer.json"), JSON.stringify(wordpieceConfig(vocab, true)));
    expect(load(`json:${path.join(d, "tokenizer.json")}`).info).toMatchObject({ pad: 0, padFrom: "[PAD]" });
    writeFileSync(path.join(d, "other.json"), JSON.stringify({ hello: 1 }));
    expect(loadTokenizer(`json:${path.join(d, "other.json")}`).diagnostics.map((x) => x.code)).toEqual(["VLM6302"]);
  });
});
