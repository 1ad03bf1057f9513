// Comparing vlmc's tensors with torch's: the largest absolute difference, checked against the
// suite's tolerances (issue #6 §5: 1e-4 in float32, 1e-5 where the op is elementwise; integer
// and boolean results must be equal). A ledger keeps the worst error of each group so that every
// parity test file ends by printing what it measured.
import { afterAll, expect } from "vitest";
import type { HostTensor } from "../../runtime/init.js";

export const TOL = { elementwise: 1e-5, float: 1e-4, exact: 0 } as const;

export interface Difference {
  /** Largest |actual − expected|; Infinity where exactly one side is NaN or the shapes differ. */
  readonly maxAbs: number;
  /** Flat index of the largest difference. */
  readonly at: number;
}

export function difference(actual: HostTensor, expected: HostTensor): Difference {
  if (actual.shape.length !== expected.shape.length || actual.shape.some((d, i) => d !== expected.shape[i])) return { maxAbs: Infinity, at: -1 };
  let maxAbs = 0;
  let at = 0;
  for (let i = 0; i < actual.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    const d = Number.isNaN(a) && Number.isNaN(e) ? 0 : Number.isNaN(a) || Number.isNaN(e) ? Infinity : Math.abs(a - e);
    if (d > maxAbs) {
      maxAbs = d;
      at = i;
    }
  }
  return { maxAbs, at };
}

/** Worst error per group, printed when the test file ends. */
export class Ledger {
  private readonly worst = new Map<string, { maxAbs: number; label: string; checks: number }>();

  constructor(readonly title: string) {
    afterAll(() => {
      if (this.worst.size) console.log(this.summary());
    });
  }

  record(group: string, label: string, maxAbs: number): void {
    const w = this.worst.get(group);
    if (!w) this.worst.set(group, { maxAbs, label, checks: 1 });
    else {
      w.checks++;
      if (maxAbs > w.maxAbs) Object.assign(w, { maxAbs, label });
    }
  }

  summary(): string {
    const rows = [...this.worst].map(([group, w]) => `  ${group.padEnd(28)} ${w.maxAbs.toExponential(2).padStart(9)}  over ${String(w.checks).padStart(3)} checks (worst: ${w.label})`);
    return `${this.title}: worst absolute error vs PyTorch\n${rows.join("\n")}`;
  }

  /** Asserts `actual` matches `expected` within `tol` and records the error under `group`. */
  expectClose(group: string, label: string, actual: HostTensor, expected: HostTensor | undefined, tol: number): void {
    if (!expected) throw new Error(`${label}: the reference wrote no value`);
    expect(actual.shape, `${label}: shape`).toEqual(expected.shape);
    const d = difference(actual, expected);
    this.record(group, label, d.maxAbs);
    const detail = `${label}: max |vlmc − torch| = ${d.maxAbs} at element ${d.at} (vlmc ${actual.data[d.at]}, torch ${expected.data[d.at]}), tolerance ${tol}`;
    expect(d.maxAbs, detail).toBeLessThanOrEqual(tol);
  }
}
