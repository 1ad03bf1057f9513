// The page that runs generated JavaScript in a browser: it picks the TensorFlow.js backend named
// in the URL (`?backend=wasm|webgl`), builds the model, runs it once on the inputs the test wrote
// into the page as JSON, leaves the named values on `window.vlmcResult` for the test to read, and
// draws them (heading, backend, the largest difference from the reference values the test put
// in the page, first values, a heat-map per value) so that a screenshot shows that it ran and what
// it computed. Bundled by bundle.ts with the generated module; it imports
// the runtime by relative path, which the bundler resolves to the same module as `vlmc/runtime`.
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { tf, type Tensor } from "../../runtime/api/index.js";

/** A tensor as JSON: row-major values and a shape. */
export interface JsonTensor {
  readonly dtype: "float32" | "int32";
  readonly shape: number[];
  readonly data: number[];
}

/** What the test writes into the page (`<script type="application/json" id="inputs">`). */
export interface PageInputs {
  readonly title: string;
  readonly inputs: Record<string, JsonTensor>;
  /** The values another run computed (Node's), shown beside this page's difference from them. */
  readonly reference?: { readonly label: string; readonly values: Record<string, number[][]> };
}

/** What the page leaves on `window.vlmcResult`: the values, or why there are none. */
export type PageResult =
  | { readonly ok: true; readonly backend: string; readonly detail: string; readonly ms: number; readonly values: Record<string, number[][]> }
  | { readonly ok: false; readonly backend: string; readonly unavailable: boolean; readonly error: string };

declare global {
  interface Window {
    vlmcResult?: PageResult;
  }
}

/** The part of a generated model the page uses. */
export interface RunnableModel {
  run(inputs: Record<string, Tensor>): { values: Record<string, Tensor> };
}

/** The .wasm files are served beside the page, never fetched from a CDN. */
const WASM_PREFIX = "/wasm/";

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text = "", cls = ""): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  e.textContent = text;
  if (cls) e.className = cls;
  document.body.append(e);
  return e;
};

/** Switches to `name`: what was loaded (SIMD, threads; the WebGL renderer), or why it cannot. */
async function chooseBackend(name: string): Promise<{ detail: string } | { missing: string }> {
  if (name === "wasm") setWasmPaths(WASM_PREFIX);
  try {
    if (!(await tf.setBackend(name))) return { missing: `tf.setBackend("${name}") returned false` };
    await tf.ready();
  } catch (e) {
    return { missing: `tf.setBackend("${name}") threw: ${String(e)}` };
  }
  if (name === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
    return { detail: `${simd ? "SIMD" : "no SIMD"}, ${threads ? "threads" : "one thread"}` };
  }
  if (name === "webgl") {
    const gl = document.createElement("canvas").getContext("webgl2");
    const info = gl?.getExtension("WEBGL_debug_renderer_info");
    const renderer = gl && info ? `, ${String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL))}` : "";
    return { detail: `WebGL ${tf.env().getNumber("WEBGL_VERSION")}${renderer}` };
  }
  return { detail: name };
}

/** A diverging heat-map of a [rows, cols] value: blue below zero, red above, white at zero. */
function heatMap(name: string, rows: number[][]): void {
  const cell = 14;
  const cols = rows[0]?.length ?? 0;
  const scale = Math.max(1e-12, ...rows.flat().map(Math.abs));
  const figure = el("figure");
  const canvas = document.createElement("canvas");
  canvas.width = cols * cell;
  canvas.height = rows.length * cell;
  const g = canvas.getContext("2d")!;
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      const t = Math.min(1, Math.abs(v) / scale);
      const fade = Math.round(255 * (1 - t));
      g.fillStyle = v >= 0 ? `rgb(255,${fade},${fade})` : `rgb(${fade},${fade},255)`;
      g.fillRect(c * cell, r * cell, cell, cell);
    }),
  );
  const caption = document.createElement("figcaption");
  caption.textContent = `${name} [${rows.length}, ${cols}], |max| ${scale.toPrecision(4)}`;
  figure.append(caption, canvas);
}

/** Largest |a − b| over two [rows, cols] values of the same shape. */
const maxAbsDiff = (a: number[][], b: number[][]): number => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - (b[i]?.[j] ?? NaN)))));

function showValues(values: Record<string, number[][]>, reference: PageInputs["reference"]): void {
  if (reference) {
    const diffs = Object.entries(values).map(([name, rows]) => `${name} ${maxAbsDiff(rows, reference.values[name] ?? []).toExponential(2)}`);
    el("p", `max |this page − ${reference.label}|: ${diffs.join(", ")}`, "diff");
  }
  const table = el("table");
  for (const [name, rows] of Object.entries(values))
    rows.forEach((row, r) => {
      const tr = table.insertRow();
      tr.insertCell().textContent = `${name}[${r}]`;
      tr.insertCell().textContent = `${row.slice(0, 6).map((v) => v.toFixed(6)).join("  ")}  …`;
    });
  for (const [name, rows] of Object.entries(values)) heatMap(name, rows);
}

/** Runs `make()`'s model on the page's inputs with the backend the URL names. */
export async function runPage(make: () => RunnableModel): Promise<void> {
  const backend = new URLSearchParams(location.search).get("backend") ?? "wasm";
  const page = JSON.parse(document.getElementById("inputs")!.textContent!) as PageInputs;
  document.title = `${page.title} on ${backend}`;
  el("h1", page.title);
  const status = el("p", `backend ${backend}: starting…`, "status");
  const fail = (error: string, unavailable: boolean): void => {
    status.textContent = `backend ${backend}: ${unavailable ? "unavailable" : "failed"}: ${error}`;
    status.className = "status bad";
    window.vlmcResult = { ok: false, backend, unavailable, error };
  };
  const chosen = await chooseBackend(backend);
  if ("missing" in chosen) return fail(chosen.missing, true);
  const { detail } = chosen;
  try {
    const t0 = performance.now();
    const model = make();
    const inputs = Object.fromEntries(Object.entries(page.inputs).map(([k, t]) => [k, tf.tensor(t.data, t.shape, t.dtype)]));
    const { values } = model.run(inputs);
    const read: Record<string, number[][]> = {};
    for (const [k, v] of Object.entries(values)) read[k] = (await v.array()) as number[][];
    const ms = performance.now() - t0;
    status.textContent = `backend ${tf.getBackend()} (${detail}): built and ran in ${ms.toFixed(0)} ms`;
    showValues(read, page.reference);
    window.vlmcResult = { ok: true, backend: tf.getBackend(), detail, ms, values: read };
  } catch (e) {
    fail(e instanceof Error ? (e.stack ?? e.message) : String(e), false);
  }
}
