// Offsets → line/column, computed only when something is printed (as esbuild does).

export interface LineCol {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
}

export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  lineCol(offset: number): LineCol {
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - starts[lo]! + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  line(line: number): string {
    const starts = this.starts();
    const start = starts[line - 1] ?? this.text.length;
    const end = line < starts.length ? starts[line]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
}

/** The sources a compilation read, by file name, for rendering diagnostics. */
export type SourceSet = ReadonlyMap<string, SourceText>;

/** `file:line:col` of a span's start with the file named by `fileName`; `file@offset` when its text was not read. */
export function spanText(span: { readonly file: string; readonly start: number }, sources: SourceSet | undefined, fileName: (file: string) => string = (f) => f): string {
  const src = sources?.get(span.file);
  if (!src) return `${fileName(span.file)}@${span.start}`;
  const { line, column } = src.lineCol(span.start);
  return `${fileName(span.file)}:${line}:${column}`;
}
