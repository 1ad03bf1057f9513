// Entry point of the runtime benchmark's ONNX child process (bench/onnx-section.ts starts one per
// ORT spinning setting): `node onnx-child.js '<OnnxChildConfig as JSON>'`.
import { sendResult } from "./child-process.js";
import { runOnnxChild, type OnnxChildConfig } from "./onnx-bench.js";

const config = process.argv[2];
if (config === undefined) throw new Error("usage: onnx-child.js '<config as JSON>' (started by bench/onnx-section.ts)");
sendResult(await runOnnxChild(JSON.parse(config) as OnnxChildConfig));
