// Message templates: the catalog writes each sentence vlmc can say once, with named holes
// (`unknown {what} \`{name}\``), and call sites fill them with `say(Diag.X, "template", args)`.
// The holes are read from the template's literal type, so a missing or misspelt argument is a
// compile error. `{count:s}` is the plural suffix of a number argument: "" for 1, "s" otherwise.
// A hole is `{` + an identifier (+ `:s`) + `}`, so prose such as "`model Name { … }`" stays text.

import type { DiagnosticKind } from "./catalog.js";

/** One sentence of a code, alone or with the hint that always goes with it. */
export type Template = string | { readonly message: string; readonly hint: string };

/** A code's sentences by name. */
export type Templates = Readonly<Record<string, Template>>;

/** The template strings of one entry: its message, and its hint if it has one. */
type Texts<T> = T extends string ? T : T extends { readonly message: infer M extends string; readonly hint: infer H extends string } ? M | H : never;

/** What fills a hole: text, or a number printed as JavaScript prints it (as `${n}` did). */
export type TemplateArg = string | number | bigint;

type Identifier<P extends string> = P extends "" ? never : P extends `${string}${" " | "{" | "`" | "," | "." | "("}${string}` ? never : P;

/** The names of the holes of template `T`. */
export type HoleNames<T extends string> = T extends `${string}{${infer Hole}}${infer Rest}`
  ? Identifier<Hole extends `${infer Name}:s` ? Name : Hole> | HoleNames<Rest>
  : never;

/** The arguments `say` needs for template `T`: none when it has no holes. */
export type TemplateArgs<T> = [HoleNames<Texts<T>>] extends [never] ? [] : [args: { readonly [K in HoleNames<Texts<T>>]: TemplateArg }];

/** A sentence filled from the catalog, with the code it is reported under. */
export interface Said {
  readonly kind: DiagnosticKind;
  readonly message: string;
  /** The template's own hint; a hint given where the diagnostic is made takes its place. */
  readonly hint?: string;
}

/** Fills template `name` of `kind` (and its hint) into a message reported under that code. */
export function say<K extends DiagnosticKind, N extends keyof K["messages"] & string>(kind: K, name: N, ...args: TemplateArgs<K["messages"][N]>): Said {
  const template = entry(kind, name);
  if (typeof template === "string") return { kind, message: fill(template, args[0]) };
  return { kind, message: fill(template.message, args[0]), hint: fill(template.hint, args[0]) };
}

/** Fills template `name` of `kind` as plain text: a hint, or a clause of a longer message. */
export function phrase<K extends DiagnosticKind, N extends keyof K["messages"] & string>(kind: K, name: N, ...args: TemplateArgs<K["messages"][N]>): string {
  const template = entry(kind, name);
  return fill(typeof template === "string" ? template : template.message, args[0]);
}

function entry(kind: DiagnosticKind, name: string): Template {
  const template = kind.messages[name];
  if (template === undefined) throw new Error(`${kind.code} has no template \`${name}\``);
  return template;
}

/** The same sentence reported under another code (an objective's inputs, a caller's override). */
export function recode(said: Said, as: DiagnosticKind | undefined): Said {
  return as ? { ...said, kind: as } : said;
}

const HOLE = /\{([A-Za-z_][A-Za-z0-9_]*)(:s)?\}/g;

/** Fills the holes of `template`; a hole without an argument is a broken invariant, not a user error. */
export function fill(template: string, args: Readonly<Record<string, TemplateArg>> = {}): string {
  return template.replace(HOLE, (_, name: string, plural: string | undefined) => {
    const value = args[name];
    if (value === undefined) throw new Error(`template \`${template}\` has no argument \`${name}\``);
    return plural ? (value === 1 || value === 1n ? "" : "s") : String(value);
  });
}

/** The holes the formatter fills in a template (a test checks every `{word` opens one that closes). */
export function holes(template: string): string[] {
  return [...template.matchAll(HOLE)].map((m) => m[1]!);
}
