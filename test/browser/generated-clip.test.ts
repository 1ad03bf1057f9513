// Issue 8's browser check: the JavaScript `vlmc compile --target js` writes for CLIP tiny, bundled
// with `vlmc/runtime` for the browser, runs in a page in headless Chromium on TensorFlow.js's
// WASM backend — and on WebGL where the browser offers it (SwiftShader; a skipped test with the
// reason where not) — and its two embeddings equal those of the same generated module run in
// Node (cpu backend) within 1e-4. Everything the page loads comes from a server on 127.0.0.1
// that serves only the page, its bundle and tfjs's .wasm files; any other request fails the test.
// Screenshots: test/output/browser/clip-tiny-wasm.png and clip-tiny-webgl.png.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { emitTypeScript } from "../../compiler/emit/ts/emit.js";
import { tf } from "../../runtime/api/index.js";
import { useBackend } from "../../runtime/backend.js";
import { browserMissing, launchBrowser, openPage, skipBrowserTests } from "../support/browser.js";
import { bundlePage, type Bundled } from "./bundle.js";
import type { JsonTensor, PageInputs, PageResult, RunnableModel } from "./page.js";
import { pageHtml } from "./page-html.js";
import { serveStatic, type Served, type StaticServer } from "./server.js";

const OUT = join("test", "output", "browser");
const SPEC = "specs/models/clip.vlm";
const VARIANT = "tiny";
const TOLERANCE = 1e-4;
const WASM_DIST = resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist");
const WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];

const title = skipBrowserTests ? `generated CLIP in Chromium (skipped: ${browserMissing()})` : "generated CLIP in Chromium";
if (skipBrowserTests) console.warn(`${title}; set VLMC_REQUIRE_BROWSER=1 to make this a failure`);

/**
 * Two images and two captions, fixed by formula: smooth patterns in [-1, 1] that differ per
 * channel and per image, and token ids spread over the tiny vocabulary (128).
 */
function clipInputs(batch: number, size: number, context: number, vocab: number): Record<string, JsonTensor> {
  const image: number[] = [];
  for (let b = 0; b < batch; b++)
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) image.push(Math.sin(0.3 * (b + 1) * x + 0.17 * y * (c + 1)) * Math.cos(0.11 * (x - 2 * b * y) + c));
  const text: number[] = [];
  for (let b = 0; b < batch; b++) for (let t = 0; t < context; t++) text.push(1 + ((b * 37 + t * 11 + t * t) % (vocab - 1)));
  return {
    image: { dtype: "float32", shape: [batch, 3, size, size], data: image },
    text: { dtype: "int32", shape: [batch, context], data: text },
  };
}

/** The generated module, as JavaScript importing the runtime from `runtimeImport`. */
async function generatedJs(runtimeImport: string): Promise<string> {
  const { front } = compileFile(resolve(SPEC), { variant: VARIANT });
  const model = front.models[0]!;
  const where = (s: { file: string; start: number }): string => `${relative(process.cwd(), s.file)}@${s.start}`;
  const { files, problems } = await emitTypeScript(front.scopes, model, { target: "js", variant: VARIANT, runtimeImport, where, specName: SPEC });
  expect(problems.map((p) => p.message)).toEqual([]);
  return files.get("model.js")!;
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  expect(a.map((r) => r.length)).toEqual(b.map((r) => r.length));
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i]![j]!)))));
  return worst;
}

describe.skipIf(skipBrowserTests)(title, () => {
  const inputs = clipInputs(2, 32, 16, 128);
  let bundle: Bundled;
  let server: StaticServer;
  let node: Record<string, number[][]>;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    // The same emitter output twice, differing only in where the runtime comes from: the package
    // name for the bundler (aliased to runtime/api), a relative path for Node.
    const forBrowser = await generatedJs("vlmc/runtime");
    const nodeImport = "../../../runtime/api/index.ts";
    const forNode = await generatedJs(nodeImport);
    expect(forNode.replaceAll(`"${nodeImport}"`, `"vlmc/runtime"`)).toBe(forBrowser);
    writeFileSync(join(OUT, "clip.tiny.js"), forBrowser);
    writeFileSync(join(OUT, "clip.tiny.node.js"), forNode);

    const entry = [
      `import { CLIP, CLIPPresets } from "./clip.tiny.js";`,
      `import { runPage } from ${JSON.stringify(resolve("test/browser/page.ts"))};`,
      `runPage(() => new CLIP(CLIPPresets.${VARIANT}, { seed: 0 }));`,
    ].join("\n");
    bundle = await bundlePage(entry, resolve(OUT), resolve(OUT, "bundle.js"));

    // The reference: the same generated module in this process, on the cpu backend.
    await useBackend("cpu");
    const { CLIP, CLIPPresets } = (await import(pathToFileURL(resolve(OUT, "clip.tiny.node.js")).href)) as {
      CLIP: new (config: unknown, options: { seed: number }) => RunnableModel;
      CLIPPresets: Record<string, unknown>;
    };
    const model = new CLIP(CLIPPresets[VARIANT], { seed: 0 });
    const { values } = model.run(Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tf.tensor(t.data, t.shape, t.dtype)])));
    node = {};
    for (const [k, v] of Object.entries(values)) node[k] = (await v.array()) as number[][];

    const page: PageInputs = { title: `vlmc · CLIP ${VARIANT} · generated JavaScript`, inputs, reference: { label: "Node (cpu)", values: node } };
    writeFileSync(join(OUT, "index.html"), pageHtml(page, "/bundle.js"));
    const routes = new Map<string, Served>([
      ["/", { file: join(OUT, "index.html"), type: "text/html; charset=utf-8" }],
      ["/bundle.js", { file: bundle.file, type: "text/javascript" }],
      ...WASM_FILES.map((f): [string, Served] => [`/wasm/${f}`, { file: join(WASM_DIST, f), type: "application/wasm" }]),
    ]);
    server = await serveStatic(routes);
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.close();
  });

  /** Opens the page on `backend`, waits for its result, saves the screenshot. */
  async function runIn(backend: "wasm" | "webgl"): Promise<PageResult> {
    const browser = await launchBrowser({ webgl: backend === "webgl" });
    browsers.push(browser);
    const url = `${server.origin}/?backend=${backend}`;
    const { page: tab, problems } = await openPage(browser, url, { width: 1000, height: 520 });
    // A page that broke before reporting (a bundle that failed to load) says why, not just "timeout".
    await tab.waitForFunction(() => window.vlmcResult !== undefined, { timeout: 30_000 }).catch((e: unknown) => {
      throw new Error(`no result from the page on ${backend} (${String(e)}); what went wrong there: ${JSON.stringify(problems)}`);
    });
    const result = (await tab.evaluate(() => window.vlmcResult))!;
    await tab.screenshot({ path: join(OUT, `clip-tiny-${backend}.png`) });
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.requests.filter((r) => new URL(r).origin !== server.origin)).toEqual([]);
    expect(server.refused).toEqual([]);
    return result;
  }

  function expectNodeValues(result: PageResult): Record<string, number> {
    if (!result.ok) throw new Error(`the page failed on ${result.backend}: ${result.error}`);
    expect(Object.keys(result.values).sort()).toEqual(["image_features", "text_features"]);
    const diffs: Record<string, number> = {};
    for (const [name, want] of Object.entries(node)) {
      // Embeddings of different inputs differ: a page that drew zeros or one row twice fails.
      expect(want[0]).not.toEqual(want[1]);
      diffs[name] = maxAbsDiff(result.values[name]!, want);
      expect(diffs[name], `${name} on ${result.backend}`).toBeLessThanOrEqual(TOLERANCE);
    }
    console.info(`generated CLIP ${VARIANT} on ${result.backend} (${result.detail}, ${result.ms.toFixed(0)} ms): max |browser − node| ${JSON.stringify(diffs)}`);
    return diffs;
  }

  it("bundles the generated module with vlmc/runtime for the browser", () => {
    console.info(`bundle: ${(bundle.bytes / 1024).toFixed(0)} KiB from ${bundle.inputs} files`);
    expect(bundle.bytes).toBeGreaterThan(0);
  });

  it("runs on WASM with the embeddings Node computes (within 1e-4)", async () => {
    const result = await runIn("wasm");
    expect(result.backend).toBe("wasm");
    expectNodeValues(result);
    expect(server.served.filter((p) => p.startsWith("/wasm/")).length).toBeGreaterThan(0);
  });

  it("runs on WebGL with the embeddings Node computes (within 1e-4), where the browser offers WebGL", async (ctx: TestContext) => {
    const result = await runIn("webgl");
    if (!result.ok && result.unavailable) {
      console.warn(`WebGL unavailable in headless Chromium: ${result.error}`);
      ctx.skip(`WebGL unavailable: ${result.error}`);
    }
    expect(result.backend).toBe("webgl");
    expectNodeValues(result);
  });
});
