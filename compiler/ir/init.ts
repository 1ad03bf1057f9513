// The closed set of initialisers a parameter or buffer may declare (`init normal(std: 0.02)`).
// The elaborator accepts exactly these names and arguments; the runtime implements each one.
// Fan-based initialisers follow PyTorch's convention for a weight [out, in, *receptive]:
// fan_in = in · ∏receptive (axis 1 onward), fan_out = out · ∏receptive (axis 0 and axes 2+).

export interface InitArg {
  readonly name: string;
  /** undefined: required. */
  readonly default?: number;
}

export interface InitDef {
  readonly kind: string;
  readonly doc: string;
  readonly args: readonly InitArg[];
  /** Needs the fans of the tensor (rank ≥ 2). */
  readonly usesFans?: boolean;
}

const DEFS: readonly InitDef[] = [
  { kind: "zeros", doc: "All zeros.", args: [] },
  { kind: "ones", doc: "All ones.", args: [] },
  { kind: "constant", doc: "Every element `value` (a bare number in `init` means this).", args: [{ name: "value" }] },
  { kind: "normal", doc: "N(mean, std²).", args: [{ name: "std", default: 0.02 }, { name: "mean", default: 0 }] },
  {
    kind: "trunc_normal",
    doc: "N(mean, std²) redrawn outside mean ± 2·std (timm's trunc_normal_ with bounds at two standard deviations).",
    args: [{ name: "std", default: 0.02 }, { name: "mean", default: 0 }],
  },
  { kind: "uniform", doc: "U(low, high).", args: [{ name: "low" }, { name: "high" }] },
  {
    kind: "xavier_uniform",
    doc: "U(−a, a) with a = gain·√(6 / (fan_in + fan_out)) (Glorot).",
    args: [{ name: "gain", default: 1 }],
    usesFans: true,
  },
  {
    kind: "unit_normal",
    doc:
      "Each row (a vector along the last axis) drawn from N(0, I) and scaled to unit L2 norm: random unit vectors, " +
      "the default of `queue(…)`, whose rows are its entries. ALBEF and BLIP keep their queues transposed, " +
      "[dim, size], and normalise along axis 0 — the same per-entry unit vectors.",
    args: [],
  },
];

export const INITIALISERS: ReadonlyMap<string, InitDef> = new Map(DEFS.map((d) => [d.kind, d]));

/** PyTorch's fans of a tensor of rank ≥ 2: [out, in, *receptive]. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new Error(`fan-based initialisation needs rank ≥ 2, not [${shape.join(", ")}]`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}
