// The record of what a pack skipped: every skip counted by reason, the first ones kept for the
// manifest, and the first ones of each code listed as warnings — a data set with a million bad
// lines says so in a few lines, not a million.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";
import type { SkipRecord } from "./manifest.js";

/** Skips listed one by one per code before the rest are only counted. */
const MAX_LISTED = 20;
/** Skips the manifest keeps as examples. */
const MAX_RECORDED = 100;

export class SkipLog {
  readonly reasons: Record<string, number> = {};
  readonly first: SkipRecord[] = [];
  private readonly listed: Diagnostic[] = [];
  private readonly perCode = new Map<string, number>();
  total = 0;

  add(reason: string, record: SkipRecord, report: () => Diagnostic): void {
    this.total++;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    if (this.first.length < MAX_RECORDED) this.first.push(record);
    const d = report();
    const n = (this.perCode.get(d.code) ?? 0) + 1;
    this.perCode.set(d.code, n);
    if (n <= MAX_LISTED) this.listed.push(d);
  }

  /** The listed warnings, then one closing line per code whose skips were not all listed. */
  diagnostics(): Diagnostic[] {
    const more = [...this.perCode]
      .filter(([, n]) => n > MAX_LISTED)
      .map(([code, n]) => {
        const kind = code === Diag.CaptionSkipped.code ? Diag.CaptionSkipped : Diag.ImageSkipped;
        return diagnostic(say(kind, "more", { count: n - MAX_LISTED }));
      });
    return [...this.listed, ...more];
  }
}
