// Reading a weight map from its JSON file (`vlmc run --weights W --map M`, loadWeights' `map`
// given as a path). Kept apart from map.ts, which validates a map's text and is reached by
// generated code in a browser (vlmc/runtime → load-plan → map-apply → map): only this file
// needs node:fs.
import * as fs from "node:fs";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { mapError, parseWeightMap, type WeightMap } from "./map.js";

/** Reads and validates a map file; every defect is a VLM6206 diagnostic naming the rule. */
export function readWeightMap(file: string): { map: WeightMap | undefined; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { map: undefined, diagnostics: [mapError(file, "", code === "ENOENT" ? "no such file" : `cannot read it (${code ?? String(e)})`)] };
  }
  return parseWeightMap(text, file);
}
