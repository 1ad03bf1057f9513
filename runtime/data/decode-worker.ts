// A decoding worker of image-loader.ts: prepares the image files it is sent (prepare.ts) and
// sends the pixels back, their buffer transferred rather than copied.
import { parentPort, workerData } from "node:worker_threads";
import { prepareImage, type ImageRecipe } from "./prepare.js";

const recipe = workerData as ImageRecipe;

parentPort!.on("message", (job: { id: number; file: string }) => {
  const result = prepareImage(job.file, recipe);
  if ("pixels" in result) parentPort!.postMessage({ id: job.id, result }, [result.pixels.buffer as ArrayBuffer]);
  else parentPort!.postMessage({ id: job.id, result });
});
