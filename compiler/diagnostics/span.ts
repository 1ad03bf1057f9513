// Where a piece of source text is: character offsets into one file, end exclusive. Every AST
// node, IR node and diagnostic carries one; line/column are computed only when a message is
// printed (source-text.ts). It lives here, in the leaf module every stage may import, so that
// diagnostics, the IR and the runtime can point at source without importing the parser's AST.
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}
