// Progress of `vlmc train`, on stderr so stdout keeps the final report: a live bar on a terminal
// (cli-progress: step, per-objective loss, learning rate, steps/s, samples/s, ETA), plain lines
// elsewhere (a log file, CI), at most one a second plus the first and the last step.
import cliProgress from "cli-progress";
import type { CliIo } from "../report.js";

export interface ProgressUpdate {
  readonly step: number;
  readonly losses: Readonly<Record<string, number>>;
  readonly lr: number;
  readonly stepsPerSecond: number;
  readonly samplesPerSecond: number;
}

function losses(l: Readonly<Record<string, number>>): string {
  return Object.entries(l)
    .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
    .join("  ");
}

export interface Progress {
  update(u: ProgressUpdate): void;
  /** A message between updates (a checkpoint written, an eval). */
  note(text: string): void;
  stop(): void;
}

export function progressFor(io: CliIo, total: number, start: number): Progress {
  if (io.tty && process.stderr.isTTY) {
    // A MultiBar with one bar: unlike SingleBar it can print a line above the bar (`log`).
    const bars = new cliProgress.MultiBar(
      {
        format: " {bar} {value}/{total} | {losses} | lr {lr} | {sps} steps/s | {samples} samples/s | ETA {eta_formatted}",
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = bars.create(total, start, { losses: "", lr: "", sps: "", samples: "" });
    return {
      update: (u) => bar.update(u.step, { losses: losses(u.losses), lr: u.lr.toExponential(2), sps: u.stepsPerSecond.toFixed(2), samples: u.samplesPerSecond.toFixed(1) }),
      note: (text) => bars.log(`${text}\n`),
      stop: () => bars.stop(),
    };
  }
  let last = 0;
  return {
    update: (u) => {
      const now = Date.now();
      if (u.step !== start + 1 && u.step !== total && now - last < 1000) return;
      last = now;
      io.err(`step ${u.step}/${total}  ${losses(u.losses)}  lr ${u.lr.toExponential(2)}  ${u.stepsPerSecond.toFixed(2)} steps/s  ${u.samplesPerSecond.toFixed(1)} samples/s\n`);
    },
    note: (text) => io.err(`${text}\n`),
    stop: () => undefined,
  };
}
