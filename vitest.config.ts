import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // Test files run in parallel workers, one per core: a WASM thread pool in each would only
    // fight over the cores (tests that need a pool ask for one explicitly).
    env: { VLMC_WASM_THREADS: "1" },
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: ".tmp/vitest-results.json" },
  },
});
