// Without onnxruntime-node (an optional dependency) `--backend onnx` stops with VLM6101 and says
// how to install it; compiling to ONNX does not need it at all.
import { afterEach, describe, expect, it, vi } from "vitest";

describe("when onnxruntime-node is missing", () => {
  afterEach(() => {
    vi.doUnmock("onnxruntime-node");
    vi.resetModules();
  });

  it("the ONNX engine reports VLM6101 with an install hint", async () => {
    vi.resetModules();
    vi.doMock("onnxruntime-node", () => {
      throw new Error("Cannot find module 'onnxruntime-node'");
    });
    const { loadOrt } = await import("../../runtime/onnx/engine.js");
    const { RunError } = await import("../../runtime/errors.js"); // the copy the fresh engine throws
    const failure = await loadOrt().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(RunError);
    const [d] = (failure as InstanceType<typeof RunError>).diagnostics;
    expect(d!.code).toBe("VLM6101");
    expect(d!.message).toContain("the onnx backend is not available");
    expect(d!.hint).toContain("npm install onnxruntime-node");
  });
});
