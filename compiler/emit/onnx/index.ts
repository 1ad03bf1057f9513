// The ONNX target: `emitOnnx` builds the model (emit.ts), `encodeOnnx` turns it into the bytes of
// a .onnx file and, for weights past protobuf's 2 GB, an external data file (files.ts);
// `decodeModel` reads any .onnx file's structure back.
export { lossOutput } from "./cut.js";
export { emitOnnx, DEFAULT_OPSET, MIN_OPSET, MAX_OPSET, type OnnxEmitOptions, type OnnxEmitResult, type OnnxWeight, type NamedType } from "./emit.js";
export { encodeOnnx, initializerBytes, EXTERNAL_DATA_ABOVE, type OnnxFiles } from "./files.js";
export { decodeModel, encodeModel, type ModelMessage } from "./proto.js";
