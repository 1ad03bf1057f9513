// A model as files: the .onnx protobuf and, when the weights would pass protobuf's 2 GB message
// limit, an external data file beside it holding every sizable initializer (the ONNX external
// data convention: `location`, `offset` and `length` entries, data_location EXTERNAL), which
// ONNX Runtime and Netron read when the model is opened from its folder.
import { encodeModel, type ModelMessage, type TensorMessage } from "./proto.js";

/** Protobuf messages cannot exceed 2 GiB; stay well below it, since the graph adds its own bytes. */
export const EXTERNAL_DATA_ABOVE = 1.5 * 2 ** 30;
/** Smaller initializers stay inline even in external-data models (as onnx's own converter does). */
const INLINE_BELOW = 1024;
/** Offsets aligned to pages, so a reader may map the file. */
const ALIGN = 4096;

export interface OnnxFiles {
  readonly model: Uint8Array;
  /** The external data file's name (beside the model) and contents, when used. */
  readonly data?: { readonly name: string; readonly chunks: readonly Uint8Array[]; readonly bytes: number };
}

export interface EncodeOptions {
  /** The external data file's name, relative to the model's folder. */
  readonly dataFile: string;
  /** Total initializer bytes above which the weights go to the external file (default 1.5 GiB). */
  readonly externalAbove?: number;
}

export function initializerBytes(model: ModelMessage): number {
  return model.graph.initializer.reduce((n, t) => n + (t.rawData?.byteLength ?? 0), 0);
}

export function encodeOnnx(model: ModelMessage, options: EncodeOptions): OnnxFiles {
  if (initializerBytes(model) <= (options.externalAbove ?? EXTERNAL_DATA_ABOVE)) return { model: encodeModel(model) };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const initializer = model.graph.initializer.map((t): TensorMessage => {
    const raw = t.rawData;
    if (!raw || raw.byteLength < INLINE_BELOW) return t;
    const pad = (ALIGN - (offset % ALIGN)) % ALIGN;
    if (pad) chunks.push(new Uint8Array(pad));
    offset += pad;
    chunks.push(raw);
    const entry: TensorMessage = {
      name: t.name,
      dims: t.dims,
      dataType: t.dataType,
      dataLocation: 1,
      externalData: [
        { key: "location", value: options.dataFile },
        { key: "offset", value: String(offset) },
        { key: "length", value: String(raw.byteLength) },
      ],
    };
    offset += raw.byteLength;
    return entry;
  });
  const bytes = encodeModel({ ...model, graph: { ...model.graph, initializer } });
  return { model: bytes, data: { name: options.dataFile, chunks, bytes: offset } };
}
