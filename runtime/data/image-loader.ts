// Preparing a pack's images in parallel. Pure-JS JPEG decoding is the slow part of packing (tens
// of milliseconds for a photo), so after the first few images — a small pack never pays for
// starting threads — the files go to a pool of worker threads (decode-worker.ts), each job to
// the least busy worker. Results come back as promises; pack.ts consumes them in file order, so
// the pack's bytes do not depend on the number of workers. Should a worker fail to start or
// crash, its jobs and all later ones are prepared on this thread instead.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { prepareImage, type ImageRecipe, type PreparedImage } from "./prepare.js";

/** Images prepared on this thread before the pool starts. */
const INLINE_FIRST = 16;

interface Job {
  readonly file: string;
  readonly worker: number;
  resolve(result: PreparedImage): void;
}

export class ImageLoader {
  private inlineLeft: number;
  private pool: Worker[] | undefined;
  private broken = false;
  private readonly busy: number[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  /** Images prepared by the workers and on this thread so far. */
  readonly prepared = { onWorkers: 0, here: 0 };

  constructor(
    private readonly recipe: ImageRecipe,
    /** Worker threads to use once the first images are done; 0 prepares everything here. */
    private readonly workers: number,
    inlineFirst = INLINE_FIRST,
  ) {
    this.inlineLeft = inlineFirst;
  }

  load(file: string): Promise<PreparedImage> {
    if (this.workers <= 0 || this.broken || this.inlineLeft > 0) {
      this.inlineLeft--;
      this.prepared.here++;
      return Promise.resolve(prepareImage(file, this.recipe));
    }
    const pool = (this.pool ??= this.start());
    const worker = this.busy.indexOf(Math.min(...this.busy));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.jobs.set(id, { file, worker, resolve });
      this.busy[worker]!++;
      pool[worker]!.postMessage({ id, file });
    });
  }

  async close(): Promise<void> {
    const pool = this.pool ?? [];
    this.pool = undefined;
    await Promise.all(pool.map((w) => w.terminate()));
  }

  private start(): Worker[] {
    return Array.from({ length: this.workers }, () => {
      this.busy.push(0);
      const w = startWorker(this.recipe);
      w.on("message", (m: { id: number; result: PreparedImage }) => {
        this.prepared.onWorkers++;
        this.settle(m.id, m.result);
      });
      w.on("error", () => this.fail());
      w.on("exit", (code) => {
        if (code !== 0 && this.pool) this.fail();
      });
      return w;
    });
  }

  private settle(id: number, result: PreparedImage): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    this.busy[job.worker]!--;
    job.resolve(result);
  }

  /** A worker died: finish its jobs (and every later one) here. */
  private fail(): void {
    this.broken = true;
    for (const [id, job] of [...this.jobs]) {
      this.prepared.here++;
      this.settle(id, prepareImage(job.file, this.recipe));
    }
  }
}

/**
 * A worker running decode-worker: its compiled JavaScript beside this file, or, when vlmc runs
 * from its TypeScript sources (tsx, vitest, in the repository), the source through tsx's loader —
 * registered inside the worker before the import, since a loader given as an --import flag is not
 * ready in time. Where neither works, the pool's failure path prepares the images here.
 */
function startWorker(recipe: ImageRecipe): Worker {
  const js = new URL("./decode-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData: recipe });
  const source = new URL("./decode-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData: recipe });
}
