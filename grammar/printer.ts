// AST → canonical .vlm source. parse(print(parse(s))) gives the same tree as parse(s) (up to
// spans); tests hold it to that. Also used to quote expressions in diagnostics.
import type * as A from "./ast.js";

const PRECEDENCE: Record<A.BinaryOp, number> = {
  or: 1,
  and: 2,
  "==": 4,
  "!=": 4,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  in: 4,
  "+": 6,
  "-": 6,
  "*": 7,
  "/": 7,
  "//": 7,
  "%": 7,
  "@": 7,
  "^": 9,
};

function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

/** Precedence of an expression as printed (higher binds tighter). */
function prec(e: A.Expr): number {
  switch (e.kind) {
    case "CondExpr":
      return 0;
    case "BinaryExpr":
      return PRECEDENCE[e.op];
    case "UnaryExpr":
      return e.op === "not" ? 3 : 8;
    case "RangeExpr":
      return 5;
    case "NumberLit":
      return e.value < 0 || Object.is(e.value, -0) ? 8 : 10;
    default:
      return 10;
  }
}

export function printExpr(e: A.Expr): string {
  const wrap = (x: A.Expr, min: number): string => (prec(x) < min ? `(${printExpr(x)})` : printExpr(x));
  switch (e.kind) {
    case "NumberLit":
      return e.text;
    case "StringLit":
      return quote(e.value);
    case "BoolLit":
      return String(e.value);
    case "NoneLit":
      return "none";
    case "NameExpr":
      return e.name;
    case "BinaryExpr": {
      const p = PRECEDENCE[e.op];
      if (e.op === "^") return `${wrap(e.left, 10)} ^ ${wrap(e.right, 8)}`;
      // Comparisons do not chain; left-associative operators need parentheses on the right.
      const leftMin = p === 4 ? 5 : p;
      return `${wrap(e.left, leftMin)} ${e.op} ${wrap(e.right, p + 1)}`;
    }
    case "UnaryExpr":
      if (e.op === "not") return `not ${wrap(e.operand, 3)}`;
      const inner = wrap(e.operand, 8);
      return inner.startsWith("-") ? `- ${inner}` : `-${inner}`;
    case "CallExpr":
      return `${wrap(e.callee, 10)}(${e.args.map(printArg).join(", ")})`;
    case "MemberExpr":
      return `${wrap(e.object, 10)}.${e.member.name}`;
    case "IndexExpr":
      return `${wrap(e.object, 10)}[${e.items.map(printIndexItem).join(", ")}]`;
    case "ListExpr":
      return `[${e.items.map(printExpr).join(", ")}]`;
    case "TupleExpr":
      return e.items.length === 1 ? `(${printExpr(e.items[0]!)},)` : `(${e.items.map(printExpr).join(", ")})`;
    case "ComprehensionExpr":
      return `[${printExpr(e.element)} for ${e.variable.name} in ${printExpr(e.iterable)}${e.filter ? ` if ${printExpr(e.filter)}` : ""}]`;
    case "RangeExpr":
      return `${wrap(e.start, 6)}..${wrap(e.end, 6)}`;
    case "CondExpr":
      return `if ${printExpr(e.cond)} then ${printExpr(e.then)} else ${printExpr(e.else)}`;
  }
}

function printArg(a: A.Arg): string {
  return a.name ? `${a.name.name}: ${printExpr(a.value)}` : printExpr(a.value);
}

function printIndexItem(i: A.IndexItem): string {
  if (i.kind === "EllipsisExpr") return "...";
  if (i.kind === "SliceExpr") return `${i.start ? printExpr(i.start) : ""}:${i.end ? printExpr(i.end) : ""}`;
  return printExpr(i);
}

export function printType(t: A.ReturnType): string {
  if (t.kind === "TupleTypeExpr") return `(${t.items.map(printType).join(", ")})`;
  if (t.kind === "ScalarTypeExpr") return t.name.name;
  return `${t.dtype.name}[${t.dims.map((d) => (d.kind === "EllipsisExpr" ? "..." : printExpr(d))).join(", ")}]`;
}

export function printPattern(p: A.PathPattern): string {
  return p.segments.map((s, i) => (s.bracketed ? `[${s.text}]` : (i > 0 ? "." : "") + s.text)).join("");
}

function printParam(p: A.BlockParam | A.SigParam): string {
  return `${p.name.name}${p.type ? `: ${printType(p.type)}` : ""}${p.default ? ` = ${printExpr(p.default)}` : ""}`;
}

function printDoc(doc: string | undefined, indent: string): string[] {
  return doc === undefined ? [] : doc.split("\n").map((l) => `${indent}## ${l}`.trimEnd());
}

function printBody(stmts: readonly A.Stmt[], indent: string): string[] {
  return stmts.flatMap((s) => printStmt(s, indent));
}

function block(header: string, body: readonly A.Stmt[], indent: string): string[] {
  return [`${indent}${header} {`, ...printBody(body, indent + "  "), `${indent}}`];
}

function entries(list: readonly A.HyperEntry[]): string {
  return list.map((e) => `${e.name.name} = ${printExpr(e.value)}`).join(", ");
}

/** `frozen ` / `checkpoint ` before a marked declaration. */
function marked(mark: A.Mark | undefined): string {
  return mark ? `${mark.kind} ` : "";
}

export function printStmt(s: A.Stmt, indent: string): string[] {
  const withDoc = (doc: string | undefined, lines: string[]): string[] => [...printDoc(doc, indent), ...lines];
  switch (s.kind) {
    case "HyperStmt":
      return withDoc(s.doc, [`${indent}hyper ${entries(s.entries)}`]);
    case "VariantStmt":
      return withDoc(s.doc, [`${indent}variant ${s.name.name} { ${entries(s.entries)} }`]);
    case "RequireStmt":
      return [`${indent}require ${printExpr(s.cond)}${s.message !== undefined ? `, ${quote(s.message)}` : ""}`];
    case "ParamStmt":
      return withDoc(s.doc, [`${indent}${marked(s.mark)}param ${s.name.name}: ${printType(s.type)}${s.init ? ` init ${printExpr(s.init)}` : ""}`]);
    case "AssignStmt":
      return withDoc(s.doc, [`${indent}${marked(s.mark)}${s.targets.map((t) => t.name).join(", ")} = ${printExpr(s.value)}`]);
    case "MarkStmt":
      return withDoc(s.doc, [`${indent}${marked(s.mark)}${s.patterns.map(printPattern).join(", ")}${s.except.length ? ` except ${s.except.map(printPattern).join(", ")}` : ""}`]);
    case "ExprStmt":
      return [`${indent}${printExpr(s.expr)}`];
    case "IfStmt": {
      const lines = block(`if ${printExpr(s.cond)}`, s.then, indent);
      if (s.else) {
        lines[lines.length - 1] = `${indent}} else {`;
        lines.push(...printBody(s.else, indent + "  "), `${indent}}`);
      }
      return lines;
    }
    case "ForStmt":
      return block(`for ${s.variable.name} in ${printExpr(s.iterable)}`, s.body, indent);
    case "ForwardDecl": {
      const sig = `(${s.params.map(printParam).join(", ")})${s.returns ? ` -> ${printType(s.returns)}` : ""}`;
      return withDoc(s.doc, block(`forward${s.name ? " " + s.name.name : ""}${sig}`, s.body, indent));
    }
    case "ReturnStmt":
      return [`${indent}return ${s.value.kind === "TupleExpr" ? s.value.items.map(printExpr).join(", ") : printExpr(s.value)}`];
    case "ShareStmt":
      return [
        `${indent}${s.mode} ${printPattern(s.target)} with ${printPattern(s.source)}${s.except.length ? ` except ${s.except.map(printPattern).join(", ")}` : ""}`,
      ];
    case "InputStmt":
      return withDoc(s.doc, [`${indent}input ${s.name.name}: ${printType(s.type)}${s.source ? ` from ${printExpr(s.source)}` : ""}`]);
    case "ObjectiveStmt":
      return withDoc(s.doc, [`${indent}objective ${s.name.name} = ${printExpr(s.value)}${s.weight ? ` weight ${printExpr(s.weight)}` : ""}`]);
    case "StageStmt": {
      const inner: string[] = [];
      inner.push(`${indent}  objectives ${s.objectives.map((o) => o.name).join(", ")}`);
      if (s.freeze.length) {
        inner.push(`${indent}  freeze ${s.freeze.map(printPattern).join(", ")}${s.except.length ? ` except ${s.except.map(printPattern).join(", ")}` : ""}`);
      }
      return withDoc(s.doc, [`${indent}stage ${s.name.name} {`, ...inner, `${indent}}`]);
    }
    case "GroupStmt":
      return withDoc(s.doc, [`${indent}group ${s.name.name} = ${s.patterns.map(printPattern).join(", ")}`]);
    case "PublishedStmt": {
      const within = s.tolerance ? ` within ${printExpr(s.tolerance)}` : "";
      const over = s.patterns.length ? ` over ${s.patterns.map(printPattern).join(", ")}` : "";
      const variants = s.variants ? ` for ${s.variants.map((v) => v.name).join(", ")}` : "";
      return withDoc(s.doc, [`${indent}published ${s.name.name} = ${printExpr(s.value)}${within}${over}${variants}`]);
    }
  }
}

export function printFile(f: A.SourceFile): string {
  const out: string[] = [];
  for (const item of f.items) {
    switch (item.kind) {
      case "ImportDecl":
        out.push(`import ${quote(item.path)}`);
        break;
      case "BlockDecl":
        if (item.derive) {
          out.push("", ...printDoc(item.doc, ""), ...block(`block ${item.name.name} = ${item.derive.base.name} with`, item.derive.overrides, ""));
          break;
        }
        out.push("", ...printDoc(item.doc, ""), ...block(`block ${item.name.name}(${item.params.map(printParam).join(", ")})`, item.body, ""));
        break;
      case "FnDecl": {
        const sig = `(${item.params.map(printParam).join(", ")})${item.returns ? ` -> ${printType(item.returns)}` : ""}`;
        out.push("", ...printDoc(item.doc, ""), ...block(`fn ${item.name.name}${sig}`, item.body, ""));
        break;
      }
      case "ModelDecl":
        out.push("", ...printDoc(item.doc, ""), ...block(`model ${item.name.name}`, item.body, ""));
        break;
    }
  }
  return out.join("\n").replace(/^\n+/, "") + "\n";
}
