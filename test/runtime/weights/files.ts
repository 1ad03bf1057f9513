// Helpers for the weights tests: a fresh temporary folder per test file, and safetensors files
// built byte by byte (so a test can write exactly the defect it is about).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";

/** A temporary folder removed after the test file's tests. */
export function tempFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vlmc-${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A file: 8-byte little-endian header length (or `lengthField` as given), header text, data. */
export function rawFile(file: string, header: string, data: Uint8Array = new Uint8Array(0), lengthField?: bigint): string {
  const json = Buffer.from(header, "utf8");
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(lengthField ?? BigInt(json.byteLength));
  fs.writeFileSync(file, Buffer.concat([prefix, json, data]));
  return file;
}

/** Little-endian float32 bytes of `values`. */
export function f32Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}
