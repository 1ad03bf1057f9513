// A write interrupted at any point leaves the previous checkpoint intact: a child process writing
// over a checkpoint is killed (SIGKILL) in the middle, and the old file still loads; a write that
// fails in-process removes its temporary file.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { openSafetensors, writeSafetensors } from "../../../runtime/weights/safetensors.js";
import { tempFolder } from "./files.js";

const dir = tempFolder("atomic");
const previous = [{ name: "w", dtype: "F32" as const, shape: [3], data: Float32Array.from([1, 2, 3]) }];

function loadsAsPrevious(file: string): void {
  const { reader, diagnostics } = openSafetensors(file);
  expect(diagnostics).toEqual([]);
  expect([...reader!.entries.keys()]).toEqual(["w"]);
  const r = reader!.read("w", "f32");
  expect(r.ok && [...r.tensor.data]).toEqual([1, 2, 3]);
}

const temporaries = (folder: string): string[] => fs.readdirSync(folder).filter((f) => f.endsWith(".tmp"));

describe("atomic writes", () => {
  it("a writer killed mid-write leaves the previous file loadable", async () => {
    const folder = fs.mkdtempSync(path.join(dir, "kill-"));
    const file = path.join(folder, "model.safetensors");
    expect(writeSafetensors(file, previous)).toEqual([]);
    const child = spawn(process.execPath, ["--import", "tsx", path.join("test", "runtime", "weights", "slow-writer.ts"), file, "40"], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    // Kill as soon as the temporary file has its header: the data is still to come.
    const deadline = Date.now() + 30_000;
    let partial: string | undefined;
    while (!partial && Date.now() < deadline) {
      partial = temporaries(folder).find((f) => fs.statSync(path.join(folder, f)).size > 8);
      if (!partial) await new Promise((r) => setTimeout(r, 5));
    }
    expect(partial, "the child never started writing").toBeDefined();
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    loadsAsPrevious(file);
    expect(fs.statSync(path.join(folder, partial!)).size).toBeLessThan(40 * 65536 * 4);
    expect(writeSafetensors(file, [{ name: "v", dtype: "I32", shape: [1], data: Int32Array.from([9]) }])).toEqual([]);
    expect([...openSafetensors(file).reader!.entries.keys()]).toEqual(["v"]);
  });

  it("a write that fails part-way removes its temporary file and keeps the previous one", () => {
    const folder = fs.mkdtempSync(path.join(dir, "fail-"));
    const file = path.join(folder, "model.safetensors");
    writeSafetensors(file, previous);
    const failing = {
      name: "x",
      dtype: "F32" as const,
      shape: [2],
      data: (): Float32Array => {
        throw new Error("the backend lost the tensor");
      },
    };
    expect(() => writeSafetensors(file, [...previous, failing])).toThrow("the backend lost the tensor");
    expect(temporaries(folder)).toEqual([]);
    loadsAsPrevious(file);
  });
});
