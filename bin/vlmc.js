#!/usr/bin/env node
// The vlmc command: runs the compiled CLI (built into dist/ by `npm install` / `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/run.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("vlmc: the compiler is not built yet; run `npm install` (or `npm run build`) in the vlmc folder\n");
  process.exit(2);
}
await import(entry.href);
