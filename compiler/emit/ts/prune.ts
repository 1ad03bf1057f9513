// Constructor constants nobody reads. A block's body often computes a value only its types use
// (`grid = size / patch` for a return type), and the model destructures every hyperparameter;
// a person would not declare what is never read, and `noUnusedLocals` would reject it. These
// are compile-time values (numbers, bools, lists of them, calls of pure spec fns), so dropping
// an unread one changes nothing.

/** Whether `name` is read in `code` (string literals aside: `"layers"` names, it does not read). */
function reads(code: string, name: string): boolean {
  const bare = code.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(bare);
}

export interface Destructured {
  /** The local's name. */
  readonly name: string;
  /** Its text in the pattern: `eps = 1e-5`, `"default": default_`. */
  readonly text: string;
}

/**
 * The constructor's statements without unread `const NAME = …;` lines, and the destructuring of
 * its config (`const { a, b = … } = source;`, or nothing) keeping only what is read.
 */
export function pruneConstants(parts: readonly Destructured[], statements: readonly string[], source: string): string[] {
  const kept: string[] = [];
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i]!;
    const m = /^const ([A-Za-z_$][\w$]*) = [^\n]*;$/.exec(s);
    if (m && !kept.some((k) => reads(k, m[1]!))) continue;
    kept.unshift(s);
  }
  const keptParts: Destructured[] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (kept.some((k) => reads(k, p.name)) || keptParts.some((q) => reads(q.text.replace(/^[^=]*=/, ""), p.name))) keptParts.unshift(p);
  }
  return keptParts.length ? [`const { ${keptParts.map((p) => p.text).join(", ")} } = ${source};`, ...kept] : kept;
}
