// Typed access to the fields of a parsed JSON record, for the IR loader: each getter checks the
// field's type and throws IrFormatError naming the field's path (`nodes[3].inputs`) when it is
// missing or of the wrong kind, so malformed input becomes a message instead of a crash.
import type { Span } from "../diagnostics/span.js";
import { IrFormatError, isRecord, readNumber } from "./json-codec.js";

export class Fields {
  private constructor(
    private readonly value: Record<string, unknown>,
    readonly path: string,
  ) {}

  static of(v: unknown, path: string): Fields {
    if (!isRecord(v)) throw new IrFormatError(path, "expected an object");
    return new Fields(v, path);
  }

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  raw(key: string): unknown {
    if (!(key in this.value)) throw new IrFormatError(this.path, `missing field "${key}"`);
    return this.value[key];
  }

  str(key: string): string {
    const v = this.raw(key);
    if (typeof v !== "string") throw new IrFormatError(this.at(key), "expected a string");
    return v;
  }

  optStr(key: string): string | undefined {
    return this.has(key) ? this.str(key) : undefined;
  }

  /** A non-negative integer (an id, a count, an offset). */
  count(key: string): number {
    return count(this.raw(key), this.at(key));
  }

  num(key: string): number {
    return readNumber(this.raw(key), this.at(key));
  }

  list(key: string): unknown[] {
    const v = this.raw(key);
    if (!Array.isArray(v)) throw new IrFormatError(this.at(key), "expected a list");
    return v;
  }

  strings(key: string): string[] {
    return this.list(key).map((x, i) => {
      if (typeof x !== "string") throw new IrFormatError(`${this.at(key)}[${i}]`, "expected a string");
      return x;
    });
  }

  record(key: string): Fields {
    return Fields.of(this.raw(key), this.at(key));
  }

  /** The record's own entries, for maps written as objects (hypers, attrs, init args). */
  entries(): [string, unknown][] {
    return Object.entries(this.value);
  }
}

export function count(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new IrFormatError(path, "expected a non-negative integer");
  return v;
}

/** `[file, start, end]` into the file table. */
export function readSpan(v: unknown, files: readonly string[], path: string): Span {
  if (!Array.isArray(v) || v.length !== 3) throw new IrFormatError(path, "expected a span [file, start, end]");
  const [f, start, end] = v.map((x, i) => count(x, `${path}[${i}]`)) as [number, number, number];
  if (f >= files.length) throw new IrFormatError(path, `file ${f} is not in the file table (${files.length} files)`);
  if (end < start) throw new IrFormatError(path, "the span ends before it starts");
  return { file: files[f]!, start, end };
}
