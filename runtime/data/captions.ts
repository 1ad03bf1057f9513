// Reading a captions file: JSON Lines, one object per line, naming an image (relative to the
// images folder, or absolute) and its caption —
//   {"image": "train/000123.jpg", "caption": "a dog runs on the beach"}
// "file" is accepted for "image" and "text" for "caption" (the keys of common exports), and the
// caption may be a list of captions for that image (COCO has five), each its own example.
// A line that cannot be used is reported with its file and line number and skipped; blank lines
// are ignored. The file is streamed, never held whole.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";

export const IMAGE_KEYS = ["image", "file"] as const;
export const CAPTION_KEYS = ["caption", "text"] as const;

export interface CaptionPair {
  readonly line: number;
  readonly image: string;
  readonly caption: string;
}

/** Why (part of) a line was skipped: a short class for counting, and the detail. */
export interface LineProblem {
  readonly line: number;
  readonly reason: "not JSON" | "no image" | "no caption" | "empty caption";
  readonly detail: string;
}

export type CaptionEntry = ({ readonly kind: "pair" } & CaptionPair) | ({ readonly kind: "problem" } & LineProblem);

/** Each usable (image, caption) pair of `file` and each problem, in file order. Rejects only when the file cannot be read. */
export async function* captionEntries(file: string): AsyncGenerator<CaptionEntry> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let number = 0;
  for await (const raw of lines) {
    number++;
    const text = number === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (text.trim() === "") continue;
    yield* entriesOfLine(text, number);
  }
}

function entriesOfLine(text: string, line: number): CaptionEntry[] {
  const problem = (reason: LineProblem["reason"], detail: string): CaptionEntry[] => [{ kind: "problem", line, reason, detail }];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not the parser's own words: they change between Node versions.
    return problem("not JSON", `not valid JSON (${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return problem("not JSON", `not a JSON object but ${Array.isArray(value) ? "a list" : JSON.stringify(value)}`);
  const record = value as Record<string, unknown>;
  const imageKey = IMAGE_KEYS.find((k) => k in record);
  const image = imageKey && record[imageKey];
  if (typeof image !== "string" || image.trim() === "") {
    const found = imageKey ? `its "${imageKey}" is ${JSON.stringify(image)}` : `it has keys ${Object.keys(record).map((k) => `"${k}"`).join(", ") || "none"}`;
    return problem("no image", `no image file name: ${found} (expected a non-empty "image" or "file" string)`);
  }
  const captionKey = CAPTION_KEYS.find((k) => k in record);
  const caption = captionKey && record[captionKey];
  const captions = typeof caption === "string" ? [caption] : Array.isArray(caption) ? caption : undefined;
  if (!captions || captions.length === 0 || !captions.every((c) => typeof c === "string")) {
    const found = captionKey ? `its "${captionKey}" is ${JSON.stringify(caption)?.slice(0, 60)}` : `it has no "caption" or "text"`;
    return problem("no caption", `no caption: ${found} (expected a string or a list of strings)`);
  }
  return (captions as string[]).map((c, i): CaptionEntry => {
    if (c.trim() !== "") return { kind: "pair", line, image, caption: c };
    const which = captions.length > 1 ? `caption ${i + 1} of ${captions.length} is empty` : "the caption is empty";
    return { kind: "problem", line, reason: "empty caption", detail: which };
  });
}

/** A skipped line as a VLM6303 warning, located as `file:line`. */
export function captionSkipped(file: string, line: number, detail: string): Diagnostic {
  return diagnostic(say(Diag.CaptionSkipped, "skipped", { file, line, detail }));
}
