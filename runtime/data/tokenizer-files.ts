// Reading the tokenizer files `--tokenizer` names into a tokenizer.json configuration
// (tokenizer-configs.ts) for @huggingface/tokenizers: `wordpiece:vocab.txt` (BERT), `bpe:DIR` /
// `bpe:merges.txt` / `bpe:vocab.json,merges.txt` / `bpe:bpe_simple_vocab_16e6.txt.gz` (CLIP), or
// `json:tokenizer.json` (any Hugging Face tokenizer, used as is, with a tokenizer_config.json
// beside it when there is one). A problem with the files is a TokenizerProblem in words, which
// tokenizer.ts reports as VLM6302.
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Tokenizer } from "@huggingface/tokenizers";
import { ioReason } from "../weights/safetensors.js";
import { CLIP_END, CLIP_MERGES, CLIP_START, clipBpeConfig, clipVocabFromMerges, WORDPIECE_SPECIALS, wordpieceConfig, type TokenizerJson } from "./tokenizer-configs.js";

export class TokenizerProblem extends Error {}

/** The files read and the configuration they make; the padding id may need the built tokenizer. */
export interface TokenizerFiles {
  readonly files: string[];
  readonly config: TokenizerJson;
  readonly tokenizerConfig: Record<string, unknown>;
  readonly lowercase?: boolean;
  readonly pad: (library: Tokenizer) => { id: number; from: string };
  readonly unk?: number;
  readonly mask?: number;
}

function readText(file: string): string {
  try {
    if (statSync(file).isDirectory()) throw new TokenizerProblem(`${file} is a folder, not a tokenizer file`);
    const bytes = readFileSync(file);
    return (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch (e) {
    if (e instanceof TokenizerProblem) throw e;
    throw new TokenizerProblem(`cannot read ${file}: ${ioReason(e)}`);
  }
}

function wordpiece(file: string): TokenizerFiles {
  const vocab = new Map<string, number>();
  readText(file)
    .split(/\r?\n/)
    .forEach((token, i, lines) => {
      if (token !== "" || i < lines.length - 1) vocab.set(token, i);
    });
  const missing = [WORDPIECE_SPECIALS.unk, WORDPIECE_SPECIALS.cls, WORDPIECE_SPECIALS.sep, WORDPIECE_SPECIALS.pad].filter((t) => !vocab.has(t));
  if (missing.length) throw new TokenizerProblem(`${file} lacks BERT's special token${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (is it a WordPiece vocab.txt, one token per line?)`);
  const lowercase = isUncased(vocab);
  return {
    files: [file],
    config: wordpieceConfig(vocab, lowercase),
    tokenizerConfig: {},
    lowercase,
    pad: () => ({ id: vocab.get(WORDPIECE_SPECIALS.pad)!, from: WORDPIECE_SPECIALS.pad }),
    unk: vocab.get(WORDPIECE_SPECIALS.unk)!,
    ...(vocab.has(WORDPIECE_SPECIALS.mask) ? { mask: vocab.get(WORDPIECE_SPECIALS.mask)! } : {}),
  };
}

/** An uncased BERT vocabulary has (almost) no capitalised tokens outside its [BRACKETED] specials. */
function isUncased(vocab: ReadonlyMap<string, number>): boolean {
  let words = 0;
  let capitalised = 0;
  for (const token of vocab.keys()) {
    if (/^\[.*\]$/.test(token)) continue;
    words++;
    if (/\p{Lu}/u.test(token)) capitalised++;
  }
  return capitalised <= words * 0.01;
}

/** The merges of a merges.txt or openai's bpe_simple_vocab file: "a b" per line after a "#version" header. */
function readMerges(file: string): string[] {
  const lines = readText(file).split(/\r?\n/);
  const start = lines[0]?.includes("#version") ? 1 : 0;
  const merges: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 2) throw new TokenizerProblem(`${file}:${i + 1}: a merge is two symbols separated by a space, not ${JSON.stringify(line.slice(0, 40))}`);
    merges.push(parts.join(" "));
  }
  if (merges.length === 0) throw new TokenizerProblem(`${file} holds no merges`);
  return merges;
}

function readVocabJson(file: string): Map<string, number> {
  let raw: unknown;
  try {
    raw = JSON.parse(readText(file));
  } catch (e) {
    if (e instanceof TokenizerProblem) throw e;
    throw new TokenizerProblem(`${file} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new TokenizerProblem(`${file} is not a JSON object of token → id`);
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(raw)) {
    if (!Number.isSafeInteger(id) || (id as number) < 0) throw new TokenizerProblem(`${file}: the id of ${JSON.stringify(token)} is ${JSON.stringify(id)}, not a non-negative integer`);
    vocab.set(token, id as number);
  }
  return vocab;
}

/** CLIP's BPE from vocab.json + merges.txt (Hugging Face's files) or from openai's merges file alone. */
function bpe(target: string): TokenizerFiles {
  let vocabFile: string | undefined;
  let mergesFile: string;
  const parts = target.split(",");
  if (parts.length === 2) [vocabFile, mergesFile] = parts as [string, string];
  else if (existsSync(target) && statSync(target).isDirectory()) {
    const inDir = (f: string): string => path.join(target, f);
    const openai = ["bpe_simple_vocab_16e6.txt.gz", "bpe_simple_vocab_16e6.txt"].map(inDir).find((f) => existsSync(f));
    if (existsSync(inDir("vocab.json")) && existsSync(inDir("merges.txt"))) [vocabFile, mergesFile] = [inDir("vocab.json"), inDir("merges.txt")];
    else if (openai) mergesFile = openai;
    else throw new TokenizerProblem(`${target} holds neither vocab.json and merges.txt nor openai's bpe_simple_vocab_16e6.txt.gz`);
  } else {
    mergesFile = target;
    const beside = path.join(path.dirname(target), "vocab.json");
    if (path.basename(target) === "merges.txt" && existsSync(beside)) vocabFile = beside;
  }
  const merges = readMerges(mergesFile);
  // openai's simple_tokenizer builds its vocabulary from the first CLIP_MERGES merges.
  const vocab = vocabFile ? readVocabJson(vocabFile) : clipVocabFromMerges(merges.slice(0, CLIP_MERGES));
  const used = vocabFile ? merges : merges.slice(0, CLIP_MERGES);
  const missing = [CLIP_START, CLIP_END].filter((t) => !vocab.has(t));
  if (missing.length) throw new TokenizerProblem(`${vocabFile} lacks CLIP's special token${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  return {
    files: vocabFile ? [vocabFile, mergesFile] : [mergesFile],
    config: clipBpeConfig(vocab, used),
    tokenizerConfig: {},
    pad: () => ({ id: 0, from: "0, as openai's clip.tokenize pads" }),
    unk: vocab.get(CLIP_END)!,
  };
}

/** A tokenizer.json used as is; its padding id from its own padding settings or a pad token. */
function json(file: string): TokenizerFiles {
  let config: TokenizerJson;
  try {
    config = JSON.parse(readText(file)) as TokenizerJson;
  } catch (e) {
    if (e instanceof TokenizerProblem) throw e;
    throw new TokenizerProblem(`${file} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof config !== "object" || config === null || typeof config["model"] !== "object") throw new TokenizerProblem(`${file} is not a tokenizer.json (it has no "model")`);
  const besideFile = path.join(path.dirname(file), "tokenizer_config.json");
  let tokenizerConfig: Record<string, unknown> = {};
  if (existsSync(besideFile)) {
    try {
      tokenizerConfig = JSON.parse(readText(besideFile)) as Record<string, unknown>;
    } catch (e) {
      throw new TokenizerProblem(`${besideFile} is not valid JSON (${(e as Error).message})`);
    }
  }
  const padding = config["padding"] as { pad_id?: unknown; pad_token?: unknown } | null | undefined;
  const padToken = typeof tokenizerConfig["pad_token"] === "string" ? (tokenizerConfig["pad_token"] as string) : undefined;
  return {
    files: existsSync(besideFile) ? [file, besideFile] : [file],
    config: { added_tokens: [], normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, ...config },
    tokenizerConfig,
    pad: (library) => {
      if (padding && Number.isSafeInteger(padding.pad_id)) return { id: padding.pad_id as number, from: `the padding settings of ${path.basename(file)}` };
      for (const name of [padToken, "[PAD]", "<pad>", "<|pad|>"]) {
        const id = name === undefined ? undefined : library.token_to_id(name);
        if (id !== undefined) return { id, from: name! };
      }
      return { id: 0, from: "0 (the tokenizer names no padding token)" };
    },
  };
}

/** The tokenizer of `kind` from the files `target` names. */
export function readTokenizerFiles(kind: "wordpiece" | "bpe" | "json", target: string): TokenizerFiles {
  return kind === "wordpiece" ? wordpiece(target) : kind === "bpe" ? bpe(target) : json(target);
}
