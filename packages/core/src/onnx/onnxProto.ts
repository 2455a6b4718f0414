import { concat, floatField, messageField, stringField, varintField, type Field } from './protobuf.js';

/**
 * Encoders for the parts of onnx.proto (ModelProto and what it contains) that a
 * converted classifier or a generated test model uses. Field numbers are those of onnx/onnx.proto.
 */
export const DataType = { FLOAT: 1, UINT8: 2, INT64: 7 } as const;

export interface TensorSpec {
  name: string;
  dims: readonly number[];
  dataType: number;
  raw: Uint8Array;
}

export type AttributeValue = number | string | readonly number[] | { float: number };

export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attributes?: Record<string, AttributeValue>;
}

export interface ValueSpec {
  name: string;
  elemType: number;
  /** A number is a fixed size, a string a symbolic one (the batch dimension). */
  shape: readonly (number | string)[];
}

const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;

function attribute(name: string, value: AttributeValue): Field[] {
  const fields = [stringField(1, name)];
  if (typeof value === 'number') {
    fields.push(varintField(3, value), varintField(20, AttributeType.INT));
  } else if (typeof value === 'string') {
    fields.push(messageField(4, [new TextEncoder().encode(value)]), varintField(20, AttributeType.STRING));
  } else if (Array.isArray(value)) {
    for (const v of value as readonly number[]) fields.push(varintField(8, v));
    fields.push(varintField(20, AttributeType.INTS));
  } else {
    fields.push(floatField(2, (value as { float: number }).float), varintField(20, AttributeType.FLOAT));
  }
  return fields;
}

function node(spec: NodeSpec): Field[] {
  const fields: Field[] = [];
  for (const i of spec.inputs) fields.push(stringField(1, i));
  for (const o of spec.outputs) fields.push(stringField(2, o));
  fields.push(stringField(3, spec.name), stringField(4, spec.op));
  for (const [k, v] of Object.entries(spec.attributes ?? {})) fields.push(messageField(5, attribute(k, v)));
  return fields;
}

function tensor(spec: TensorSpec): Field[] {
  const fields: Field[] = [];
  for (const d of spec.dims) fields.push(varintField(1, d));
  fields.push(varintField(2, spec.dataType), stringField(8, spec.name), messageField(9, [spec.raw]));
  return fields;
}

function valueInfo(spec: ValueSpec): Field[] {
  const dims = spec.shape.map((d) => messageField(1, [typeof d === 'number' ? varintField(1, d) : stringField(2, d)]));
  const tensorType = [varintField(1, spec.elemType), messageField(2, dims)];
  return [stringField(1, spec.name), messageField(2, [messageField(1, tensorType)])];
}

export interface ModelSpec {
  graphName: string;
  producer: string;
  producerVersion: string;
  docString: string;
  opset: number;
  nodes: readonly NodeSpec[];
  initializers: readonly TensorSpec[];
  inputs: readonly ValueSpec[];
  outputs: readonly ValueSpec[];
}

/** IR version 8 goes with opsets up to 18; every runtime of the last years reads it. */
const IR_VERSION = 8;

export function encodeModel(spec: ModelSpec): Uint8Array {
  const graph: Field[] = [];
  for (const n of spec.nodes) graph.push(messageField(1, node(n)));
  graph.push(stringField(2, spec.graphName));
  for (const t of spec.initializers) graph.push(messageField(5, tensor(t)));
  for (const i of spec.inputs) graph.push(messageField(11, valueInfo(i)));
  for (const o of spec.outputs) graph.push(messageField(12, valueInfo(o)));
  return concat([
    varintField(1, IR_VERSION),
    stringField(2, spec.producer),
    stringField(3, spec.producerVersion),
    stringField(6, spec.docString),
    messageField(7, graph),
    messageField(8, [stringField(1, ''), varintField(2, spec.opset)]),
  ]);
}

export function floatTensor(name: string, dims: readonly number[], data: Float32Array): TensorSpec {
  return { name, dims, dataType: DataType.FLOAT, raw: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export function int64Tensor(name: string, values: readonly number[]): TensorSpec {
  const data = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: DataType.INT64, raw: new Uint8Array(data.buffer) };
}
