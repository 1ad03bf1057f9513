// chevrotain, loaded from the one-file ESM bundle the package ships (lib/chevrotain.mjs).
// Why: the package's entry point is its unbundled build, about 800 modules (most of them
// lodash-es), which take ~300 ms to load — most of `vlmc check`'s start-up. The bundle is the same
// release built into one file and loads in ~15 ms. Its types are the package's own.
//
// Every value vlmc takes from chevrotain comes through this module: a second copy in the same
// process would number token types on its own and mix them up with ours
// (test/cli-startup.test.ts checks that no other file imports chevrotain's values).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

type Chevrotain = typeof import("chevrotain");

async function load(): Promise<Chevrotain> {
  // The entry point the exports map names (…/chevrotain/lib/src/api.js); the bundle sits in lib/.
  const entry = createRequire(import.meta.url).resolve("chevrotain");
  const bundle = path.join(path.dirname(entry), "..", "chevrotain.mjs");
  if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as Chevrotain;
  // A chevrotain without the bundle (a future layout): slower, but the same API.
  return import("chevrotain");
}

const chevrotain = await load();

export const { createToken, CstParser, generateCstDts, Lexer } = chevrotain;
