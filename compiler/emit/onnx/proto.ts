// The ONNX file format: the messages of onnx/onnx.proto that vlmc writes and reads, declared as a
// protobufjs reflection schema (field numbers as the ONNX IR specification gives them), and
// encoded and decoded by protobufjs. Only the fields the emitter and the tests use are declared;
// a decoder skips the rest, so files from other exporters still read.
import protobuf from "protobufjs/light.js";

/** TensorProto.DataType values. */
export const ElemType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10, DOUBLE: 11, BFLOAT16: 16 } as const;
export type ElemTypeCode = (typeof ElemType)[keyof typeof ElemType];

/** AttributeProto.AttributeType values. */
export const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export interface StringEntry {
  key: string;
  value: string;
}

export interface TensorMessage {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  docString?: string;
  /** Set (with dataLocation 1) when the values live in a file beside the model. */
  externalData?: StringEntry[];
  dataLocation?: number;
}

export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorMessage;
  floats?: number[];
  ints?: number[];
}

export interface NodeMessage {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain?: string;
  attribute: AttributeMessage[];
  docString?: string;
}

export interface DimMessage {
  dimValue?: number;
  dimParam?: string;
}

export interface ValueInfoMessage {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: DimMessage[] } } };
  docString?: string;
}

export interface GraphMessage {
  name: string;
  node: NodeMessage[];
  initializer: TensorMessage[];
  input: ValueInfoMessage[];
  output: ValueInfoMessage[];
  docString?: string;
}

export interface ModelMessage {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: GraphMessage;
  metadataProps: StringEntry[];
}

const f = (id: number, type: string, rule?: "repeated") => (rule ? { id, type, rule } : { id, type });

const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: f(1, "string"), value: f(2, "string") } },
        OperatorSetIdProto: { fields: { domain: f(1, "string"), version: f(2, "int64") } },
        TensorProto: {
          fields: {
            dims: f(1, "int64", "repeated"),
            dataType: f(2, "int32"),
            floatData: f(4, "float", "repeated"),
            int32Data: f(5, "int32", "repeated"),
            int64Data: f(7, "int64", "repeated"),
            name: f(8, "string"),
            rawData: f(9, "bytes"),
            docString: f(12, "string"),
            externalData: f(13, "StringStringEntryProto", "repeated"),
            dataLocation: f(14, "int32"),
          },
        },
        AttributeProto: {
          fields: {
            name: f(1, "string"),
            f: f(2, "float"),
            i: f(3, "int64"),
            s: f(4, "bytes"),
            t: f(5, "TensorProto"),
            floats: f(7, "float", "repeated"),
            ints: f(8, "int64", "repeated"),
            docString: f(13, "string"),
            type: f(20, "int32"),
          },
        },
        NodeProto: {
          fields: {
            input: f(1, "string", "repeated"),
            output: f(2, "string", "repeated"),
            name: f(3, "string"),
            opType: f(4, "string"),
            attribute: f(5, "AttributeProto", "repeated"),
            docString: f(6, "string"),
            domain: f(7, "string"),
          },
        },
        TensorShapeProto: {
          fields: { dim: f(1, "Dimension", "repeated") },
          nested: { Dimension: { oneofs: { value: { oneof: ["dimValue", "dimParam"] } }, fields: { dimValue: f(1, "int64"), dimParam: f(2, "string") } } },
        },
        TypeProto: {
          fields: { tensorType: f(1, "Tensor") },
          nested: { Tensor: { fields: { elemType: f(1, "int32"), shape: f(2, "TensorShapeProto") } } },
        },
        ValueInfoProto: { fields: { name: f(1, "string"), type: f(2, "TypeProto"), docString: f(3, "string") } },
        GraphProto: {
          fields: {
            node: f(1, "NodeProto", "repeated"),
            name: f(2, "string"),
            initializer: f(5, "TensorProto", "repeated"),
            docString: f(10, "string"),
            input: f(11, "ValueInfoProto", "repeated"),
            output: f(12, "ValueInfoProto", "repeated"),
          },
        },
        ModelProto: {
          fields: {
            irVersion: f(1, "int64"),
            producerName: f(2, "string"),
            producerVersion: f(3, "string"),
            docString: f(6, "string"),
            graph: f(7, "GraphProto"),
            opsetImport: f(8, "OperatorSetIdProto", "repeated"),
            metadataProps: f(14, "StringStringEntryProto", "repeated"),
          },
        },
      },
    },
  },
};

let modelType: protobuf.Type | undefined;

function modelProto(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(SCHEMA).lookupType("onnx.ModelProto");
  return modelType;
}

/** The model's protobuf bytes. */
export function encodeModel(model: ModelMessage): Uint8Array {
  const type = modelProto();
  return type.encode(type.fromObject(model as unknown as Record<string, unknown>)).finish();
}

/** Reads a model file's bytes (any exporter's: unknown fields are skipped); int64s become numbers. */
export function decodeModel(bytes: Uint8Array): ModelMessage {
  const type = modelProto();
  const message = type.decode(bytes);
  const object = type.toObject(message, { longs: Number, bytes: Uint8Array as unknown as typeof String, defaults: true, arrays: true, oneofs: false });
  return object as ModelMessage;
}
