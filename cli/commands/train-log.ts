// What `vlmc train` leaves in its output folder as it runs: `log.csv`, one row per step (learning
// rate, each objective's loss, the weighted total, the gradient norm, speed, and eval losses
// when evaluated), and `loss.svg`, the loss curves drawn from it. Both are rewritten atomically
// (temp file, rename), so a reader or a kill never sees half a file; on --resume the log keeps
// exactly the rows up to the checkpoint's step, so it reads as if the run had never stopped.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";

export interface LogRow {
  readonly step: number;
  readonly lr: number;
  readonly losses: Readonly<Record<string, number>>;
  readonly total: number;
  readonly gradNorm: number;
  readonly ms: number;
  readonly samplesPerSecond: number;
  readonly eval?: Readonly<Record<string, number>>;
}

function atomicWrite(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, file);
}

export class TrainLog {
  private readonly rows: LogRow[] = [];
  readonly csv: string;
  readonly svg: string;

  constructor(
    dir: string,
    private readonly objectives: readonly string[],
    private readonly logScale: boolean,
    private readonly title: string,
  ) {
    this.csv = path.join(dir, "log.csv");
    this.svg = path.join(dir, "loss.svg");
  }

  private header(): string {
    return ["step", "lr", "total", ...this.objectives, "grad_norm", "ms", "samples_per_s", ...this.objectives.map((o) => `eval_${o}`)].join(",");
  }

  /** Reads back the rows of an earlier part of this run, up to `step` steps (a resume). */
  resume(step: number): void {
    if (!existsSync(this.csv)) return;
    const [head, ...lines] = readFileSync(this.csv, "utf8").trim().split("\n");
    if (head !== this.header()) return;
    for (const line of lines) {
      const cells = line.split(",");
      const num = (i: number): number => Number(cells[i]);
      const row = Number(cells[0]);
      if (!(row <= step)) continue;
      const n = this.objectives.length;
      const losses = Object.fromEntries(this.objectives.map((o, i) => [o, num(3 + i)]));
      const evalCells = cells.slice(6 + n);
      const evaluated = evalCells.some((c) => c !== "");
      this.rows.push({
        step: row,
        lr: num(1),
        total: num(2),
        losses,
        gradNorm: num(3 + n),
        ms: num(4 + n),
        samplesPerSecond: num(5 + n),
        ...(evaluated ? { eval: Object.fromEntries(this.objectives.map((o, i) => [o, Number(evalCells[i])])) } : {}),
      });
    }
    this.write();
  }

  add(row: LogRow): void {
    this.rows.push(row);
  }

  /** Rewrites log.csv and loss.svg with every row so far. */
  write(): void {
    const fmt = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? "" : String(x));
    const lines = this.rows.map((r) =>
      [r.step, r.lr, r.total, ...this.objectives.map((o) => r.losses[o]), r.gradNorm, r.ms.toFixed(1), r.samplesPerSecond.toFixed(2), ...this.objectives.map((o) => fmt(r.eval?.[o]))].map((v) => (typeof v === "number" ? fmt(v) : v)).join(","),
    );
    atomicWrite(this.csv, [this.header(), ...lines].join("\n") + "\n");
    atomicWrite(this.svg, lossPlot(this.rows, this.objectives, this.logScale, this.title));
  }
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

/** Nice tick values covering [lo, hi]: 1, 2 or 5 times a power of ten. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function label(x: number): string {
  if (x === 0) return "0";
  return Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(0) : String(Number(x.toPrecision(3)));
}

/** An SVG line chart of each objective's loss (solid) and eval loss (dashed) against the step. */
export function lossPlot(rows: readonly LogRow[], objectives: readonly string[], logScale: boolean, title: string): string {
  const W = 720;
  const H = 420;
  const m = { left: 64, right: 150, top: 36, bottom: 48 };
  const series = objectives.flatMap((o, i) => {
    const color = COLORS[i % COLORS.length]!;
    const train = rows.map((r) => [r.step, r.losses[o]] as const).filter(([, v]) => v !== undefined && Number.isFinite(v) && (!logScale || v! > 0));
    const ev = rows.filter((r) => r.eval?.[o] !== undefined).map((r) => [r.step, r.eval![o]!] as const).filter(([, v]) => Number.isFinite(v) && (!logScale || v > 0));
    return [
      { name: o, color, dashed: false, points: train as (readonly [number, number])[] },
      ...(ev.length ? [{ name: `${o} (eval)`, color, dashed: true, points: ev as (readonly [number, number])[] }] : []),
    ];
  });
  const all = series.flatMap((s) => s.points);
  const steps = all.map((p) => p[0]);
  const values = all.map((p) => (logScale ? Math.log10(p[1]) : p[1]));
  const x0 = steps.length ? Math.min(...steps) : 0;
  const x1 = steps.length ? Math.max(...steps, x0 + 1) : 1;
  let y0 = values.length ? Math.min(...values) : 0;
  let y1 = values.length ? Math.max(...values) : 1;
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const pad = (y1 - y0) * 0.05;
  [y0, y1] = [y0 - pad, y1 + pad];
  const px = (x: number): number => m.left + ((x - x0) / (x1 - x0)) * (W - m.left - m.right);
  const py = (v: number): number => H - m.bottom - (((logScale ? Math.log10(v) : v) - y0) / (y1 - y0)) * (H - m.top - m.bottom);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${m.left}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`);
  const yTicks = logScale ? ticks(Math.floor(y0), Math.ceil(y1), 6).filter((t) => Number.isInteger(t) && t >= y0 && t <= y1).map((t) => 10 ** t) : ticks(y0, y1).filter((t) => t >= y0 && t <= y1);
  for (const t of yTicks) {
    const y = py(t);
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${m.left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" fill="#444">${label(t)}</text>`);
  }
  for (const t of ticks(x0, x1).filter((t) => t >= x0 && t <= x1)) {
    const x = px(t);
    out.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${x.toFixed(1)}" y="${H - m.bottom + 16}" text-anchor="middle" fill="#444">${label(t)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(m.left + W - m.right) / 2}" y="${H - 12}" text-anchor="middle">step</text>`);
  out.push(`<text transform="translate(16 ${(H / 2).toFixed(0)}) rotate(-90)" text-anchor="middle">loss${logScale ? " (log scale)" : ""}</text>`);
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const d = s.points.map(([x, v], j) => `${j ? "L" : "M"}${px(x).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 4"' : ""}/>`);
    const ly = m.top + 14 + i * 18;
    out.push(`<line x1="${W - m.right + 12}" x2="${W - m.right + 36}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ""}/>`);
    out.push(`<text x="${W - m.right + 42}" y="${ly}">${escape(s.name)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
