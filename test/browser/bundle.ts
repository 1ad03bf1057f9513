// Bundling generated JavaScript for a page: esbuild, for the browser, as one ES module, with
// `vlmc/runtime` (the import every generated module makes) pointed at runtime/api/index.ts —
// the same entry the package exports as `vlmc/runtime`, from source. A Node-only import anywhere
// in the runtime's import graph fails the build here (esbuild cannot resolve `node:fs` for the
// browser), which is how this test keeps that graph browser-clean.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";

export const RUNTIME_ENTRY = resolve("runtime/api/index.ts");

export interface Bundled {
  readonly file: string;
  readonly bytes: number;
  /** Source files in the bundle (ours and node_modules'). */
  readonly inputs: number;
}

/**
 * Bundles `source` (an ES module's text, resolved from `resolveDir`) into `outFile`. Errors are
 * thrown with esbuild's messages (file, line, what could not be resolved).
 */
export async function bundlePage(source: string, resolveDir: string, outFile: string): Promise<Bundled> {
  const result = await build({
    stdin: { contents: source, resolveDir, sourcefile: "page-entry.js", loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    outfile: outFile,
    alias: { "vlmc/runtime": RUNTIME_ENTRY },
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
  });
  return { file: outFile, bytes: statSync(outFile).size, inputs: Object.keys(result.metafile.inputs).length };
}
