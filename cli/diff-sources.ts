// Where the two sides of `vlmc diff` come from. An operand is a spec file, `FILE#VARIANT`, or a
// git revision and a path, `REV:PATH[#VARIANT]` (`HEAD~1:specs/models/blip.vlm`). A revision is
// read with `git cat-file`, never checked out: the working tree and index are untouched. PATH
// is relative to the current directory (as `git show REV:./PATH`), and every file the spec
// imports from inside the repository — std included, when std lives there — is read at the
// same revision, so an old spec compiles against the library it was written for.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import * as path from "node:path";
import type { Host } from "../compiler/compile.js";
import { nodeFileSystem, ParseCache, type FileSystem } from "../compiler/context.js";

export interface Operand {
  /** As written. */
  readonly label: string;
  /** The spec path as the user gave it (relative to the working directory). */
  readonly file: string;
  readonly variant: string | undefined;
  readonly revision: string | undefined;
}

/** Why an operand cannot be read: exit 2 with this message and hint. */
export class OperandError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** Splits `X#variant`; a `#` inside the path part is kept if that path exists. */
function splitVariant(text: string): [string, string | undefined] {
  const hash = text.lastIndexOf("#");
  if (hash < 0 || existsSync(text)) return [text, undefined];
  return [text.slice(0, hash), text.slice(hash + 1) || undefined];
}

export function parseOperand(label: string): Operand {
  const [spec, variant] = splitVariant(label);
  if (existsSync(spec)) {
    if (statSync(spec).isDirectory()) throw new OperandError(`'${spec}' is a directory, not a spec file`, "give a .vlm file, e.g. specs/models/blip.vlm");
    return { label, file: spec, variant, revision: undefined };
  }
  const colon = spec.indexOf(":");
  if (colon > 0) return { label, file: spec.slice(colon + 1), variant, revision: spec.slice(0, colon) };
  throw new OperandError(`cannot read '${spec}'`, "give a spec file, FILE#VARIANT, or REV:PATH for a git revision (e.g. HEAD~1:specs/models/blip.vlm)");
}

/** Files under `root` read at `revision` (blob contents cached), everything else from disk. */
function revisionFileSystem(root: string, revision: string): FileSystem {
  const cache = new Map<string, string | undefined>();
  const inside = (file: string): string | undefined => {
    const rel = path.relative(root, path.resolve(file));
    return rel.startsWith("..") || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join("/");
  };
  return {
    read(file) {
      const rel = inside(file);
      if (rel === undefined) return nodeFileSystem.read(file);
      if (!cache.has(rel)) cache.set(rel, git(["cat-file", "blob", `${revision}:${rel}`], root));
      return cache.get(rel);
    },
    list(dir) {
      const rel = inside(dir);
      if (rel === undefined) return nodeFileSystem.list(dir);
      const names = git(["ls-tree", "--name-only", revision, rel === "" ? "." : `${rel}/`], root);
      return (names ?? "")
        .split("\n")
        .filter((n) => n.endsWith(".vlm"))
        .map((n) => path.posix.basename(n))
        .sort();
    },
  };
}

/**
 * The host a side compiles with: the normal one for a working-tree file, one reading the
 * repository at the revision otherwise (after checking the revision and the file exist there).
 */
export function hostFor(op: Operand, base: Host): Host {
  if (op.revision === undefined) return base;
  const cwd = process.cwd();
  const root = git(["rev-parse", "--show-toplevel"], cwd)?.trim();
  if (!root) throw new OperandError(`'${op.label}' names a git revision, but ${cwd} is not inside a git repository`, "run vlmc diff from inside the repository, or compare files");
  const commit = git(["rev-parse", "--verify", "--quiet", `${op.revision}^{commit}`], root)?.trim();
  if (!commit) throw new OperandError(`unknown git revision '${op.revision}'`, "use a commit, branch or tag git knows, e.g. HEAD~1 or main (see `git log`)");
  const rel = path.relative(root, path.resolve(cwd, op.file)).split(path.sep).join("/");
  if (rel.startsWith("..")) throw new OperandError(`'${op.file}' is outside the repository at ${root}`, "revisions can only be read for files inside the repository");
  if (git(["cat-file", "-e", `${commit}:${rel}`], root) === undefined) {
    throw new OperandError(`'${rel}' does not exist at revision ${op.revision}`, `\`git log --oneline -- ${rel}\` shows the revisions that have it`);
  }
  return { fs: revisionFileSystem(root, commit), stdRoot: base.stdRoot, cache: new ParseCache() };
}
