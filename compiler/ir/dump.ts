// Deterministic JSON for the CLI's machine-readable outputs (`--json` reports): object keys sorted
// at every level, so the same result prints the same bytes. The IR itself has its own lossless
// form, compiler/ir/serialize.ts.

/** JSON.stringify with object keys sorted at every level. */
export function stableStringify(value: unknown, indent = 2): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, indent);
}
