// Where statements begin and end, from the AST: the formatter indents a line that continues a
// statement (one split over several lines outside any bracket) one level deeper than the line
// it started on, and needs to know which lines start a statement to tell the two apart.
import type * as A from "../ast.js";
import { childBodies } from "../visit.js";

export interface Extent {
  readonly start: number;
  readonly end: number;
}

function stmtExtents(stmts: readonly A.Stmt[], out: Extent[]): void {
  for (const s of stmts) {
    out.push(s.span);
    for (const body of childBodies(s)) stmtExtents(body, out);
  }
}

/** Extents of every declaration and statement, sorted by start (outer before inner). */
export function statementExtents(file: A.SourceFile): Extent[] {
  const out: Extent[] = [];
  for (const item of file.items) {
    out.push(item.span);
    if (item.kind !== "ImportDecl") stmtExtents(item.body, out);
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Answers "which statement encloses this offset?" for offsets asked in increasing order, in
 * linear time overall (statements nest, so the open ones form a stack).
 */
export class EnclosingStatement {
  private next = 0;
  private readonly open: Extent[] = [];
  constructor(private readonly extents: readonly Extent[]) {}

  /** The innermost statement with start ≤ offset < end, if any. */
  at(offset: number): Extent | undefined {
    while (this.next < this.extents.length && this.extents[this.next]!.start <= offset) {
      const e = this.extents[this.next++]!;
      while (this.open.length && this.open[this.open.length - 1]!.end <= e.start) this.open.pop();
      this.open.push(e);
    }
    while (this.open.length && this.open[this.open.length - 1]!.end <= offset) this.open.pop();
    return this.open[this.open.length - 1];
  }
}
