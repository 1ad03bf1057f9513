// What a file must be before it is parsed as a spec: text (not an image, a checkpoint or a
// compiled file given by mistake, whose control bytes the lexer would echo back error by error),
// and, for the file a command is given, not empty (every command then answers the same way).
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

/** How much of a file the binary test reads: a binary header shows within the first bytes. */
const SNIFF_CHARS = 64 * 1024;

/**
 * A NUL, a byte that is not UTF-8 (read as U+FFFD), or more than a few control characters
 * other than tab, newline, carriage return and form feed: no hand-written spec has those.
 */
export function looksBinary(text: string): boolean {
  let control = 0;
  const n = Math.min(text.length, SNIFF_CHARS);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || c === 0xfffd) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control > 8 || control > n / 100;
}

/** The first problem with a file's text, or undefined; `entry` adds the empty-file rule. */
export function checkSourceText(file: string, text: string, entry: boolean): Diagnostic | undefined {
  if (looksBinary(text)) {
    return diagnostic(say(Diag.NotText, "binary", { file }));
  }
  if (entry && text.trim() === "") {
    return diagnostic(say(Diag.EmptySpec, "empty", { file }));
  }
  return undefined;
}
