// What a compilation needs from the outside world, passed explicitly (no global state):
// how to read files, where the std library lives, and the user's options.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export interface FileSystem {
  /** The file's text, or undefined if it cannot be read. */
  read(file: string): string | undefined;
  /** `.vlm` files directly in a directory (for hints), or [] if none. */
  list(dir: string): string[];
  /** Whether a path is a directory (to say so when one is given as a spec). */
  isDirectory?(path: string): boolean;
}

export const nodeFileSystem: FileSystem = {
  read(file) {
    try {
      if (!statSync(file).isFile()) return undefined;
      return readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir).filter((f) => f.endsWith(".vlm")).sort();
    } catch {
      return [];
    }
  },
  isDirectory(p) {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
};

/** An in-memory file system, for tests and the fuzzer. */
export function memoryFileSystem(files: Readonly<Record<string, string>>, fallback?: FileSystem): FileSystem {
  return {
    read: (file) => files[file] ?? fallback?.read(file),
    list: (dir) => {
      const own = Object.keys(files).filter((f) => path.dirname(f) === dir && f.endsWith(".vlm")).map((f) => path.basename(f));
      return [...new Set([...own, ...(fallback?.list(dir) ?? [])])].sort();
    },
  };
}

/**
 * Parse results by file and text. Parsing is pure, so a long-lived host (the test suite, the
 * fuzzer, a language server) can skip re-parsing the std library on every compilation.
 */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; value: unknown }>();
  get<T>(file: string, text: string, make: () => T): T {
    const hit = this.entries.get(file);
    if (hit && hit.text === text) return hit.value as T;
    const value = make();
    this.entries.set(file, { text, value });
    return value;
  }
}

export interface ElaborationLimits {
  /** Most IR nodes one model may produce before elaboration stops (guards against runaway loops). */
  readonly maxNodes: number;
  /** Deepest block instantiation nesting. */
  readonly maxDepth: number;
  /** Most expressions evaluated, so compile-time loops that emit no IR still end. */
  readonly maxSteps: number;
}

/**
 * The largest shipped configuration (VLMo-Large) takes 5,710 nodes and 54,339 steps; the limits
 * leave an order of magnitude of headroom and stop a runaway spec in well under a second.
 */
export const DEFAULT_LIMITS: ElaborationLimits = { maxNodes: 60_000, maxDepth: 48, maxSteps: 1_000_000 };

export interface CompileOptions {
  readonly variant?: string;
  /** `-D name=value` hyperparameter overrides, as written on the command line. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Which model, when a file declares several. */
  readonly model?: string;
  readonly limits?: ElaborationLimits;
}

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "specs", "std"))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/** specs/std of this package, however vlmc was started (source or dist/). */
export const STD_ROOT = path.join(findPackageRoot(), "specs", "std");

/** Paths as the user sees them: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const abs = path.resolve(file);
  const rel = path.relative(process.cwd(), abs);
  return rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel.split(path.sep).join("/");
}
