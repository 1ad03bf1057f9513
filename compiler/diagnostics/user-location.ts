// Where a diagnostic should point. A mistake detected inside the std library (a `require` in
// Attention, a shape rule in Linear) is almost always caused by the line in the user's spec
// that instantiated or called it: that line becomes the primary location, and the library
// location becomes a note. Notes that repeat the primary location, and runs of identical
// frames (recursion), are folded.
import type { Span } from "./span.js";
import type { Diagnostic, RelatedInfo } from "./diagnostic.js";

const sameSpan = (a: Span, b: Span): boolean => a.file === b.file && a.start === b.start && a.end === b.end;

function fold(related: readonly RelatedInfo[], primary: Span | undefined): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  let repeats = 0;
  for (const r of related) {
    if (primary && sameSpan(r.span, primary)) continue;
    const prev = out[out.length - 1];
    if (prev && prev.message.replace(/ \(×\d+\)$/, "") === r.message && sameSpan(prev.span, r.span)) {
      repeats++;
      out[out.length - 1] = { ...r, message: `${r.message} (×${repeats + 1})` };
      continue;
    }
    repeats = 0;
    out.push(r);
  }
  return out;
}

export function preferUserLocation(diags: readonly Diagnostic[], isLibrary: (file: string) => boolean): Diagnostic[] {
  return diags.map((d) => {
    if (!d.span || !isLibrary(d.span.file)) return { ...d, related: fold(d.related, d.span) };
    const i = d.related.findIndex((r) => r.frame === true && !isLibrary(r.span.file));
    if (i < 0) return { ...d, related: fold(d.related, d.span) };
    const site = d.related[i]!;
    const related = [{ message: "detected here, inside the library", span: d.span }, ...d.related.filter((_, k) => k !== i)];
    return { ...d, span: site.span, related: fold(related, site.span) };
  });
}
