import type { AttributeValue, ModelSpec, NodeSpec, TensorSpec, ValueSpec } from './onnxProto.js';

/**
 * Reads the parts of an ONNX file that `encodeModel` writes (nodes, their INT,
 * INTS, FLOAT and STRING attributes, initializers, typed inputs and outputs,
 * the default opset), so a model can be rewritten and written back: a graph
 * pass before loading, or weights quantized by the project's own code. Field
 * numbers are those of onnx/onnx.proto; anything else in the file is refused
 * by name rather than dropped without a word.
 */

interface Reader {
  bytes: Uint8Array;
  at: number;
}

function varint(r: Reader): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (r.at >= r.bytes.length) throw new Error('truncated protobuf varint');
    const b = r.bytes[r.at++]!;
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return result;
    shift += 7n;
  }
}

type Value = { wire: 0; value: bigint } | { wire: 2; value: Uint8Array } | { wire: 5; value: Uint8Array } | { wire: 1; value: Uint8Array };

/** The fields of one message, in file order. */
function fields(bytes: Uint8Array): { field: number; v: Value }[] {
  const r: Reader = { bytes, at: 0 };
  const out: { field: number; v: Value }[] = [];
  while (r.at < bytes.length) {
    const key = Number(varint(r));
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, v: { wire, value: varint(r) } });
    else if (wire === 2) {
      const length = Number(varint(r));
      out.push({ field, v: { wire, value: bytes.subarray(r.at, r.at + length) } });
      r.at += length;
    } else if (wire === 5 || wire === 1) {
      const length = wire === 5 ? 4 : 8;
      out.push({ field, v: { wire, value: bytes.subarray(r.at, r.at + length) } });
      r.at += length;
    } else throw new Error(`protobuf wire type ${wire} is not supported`);
  }
  return out;
}

const text = (v: Value) => new TextDecoder().decode(v.value as Uint8Array);
const int = (v: Value) => Number(BigInt.asIntN(64, v.value as bigint));

/** Packed (wire 2) or one-per-field varints. */
function ints(v: Value): number[] {
  if (v.wire === 0) return [int(v)];
  const r: Reader = { bytes: v.value, at: 0 };
  const out: number[] = [];
  while (r.at < r.bytes.length) out.push(Number(BigInt.asIntN(64, varint(r))));
  return out;
}

function attribute(bytes: Uint8Array): [string, AttributeValue] {
  let name = '';
  let type = 0;
  let f = 0;
  let i = 0;
  let s = '';
  const list: number[] = [];
  for (const { field, v } of fields(bytes)) {
    if (field === 1) name = text(v);
    else if (field === 20) type = int(v);
    else if (field === 2) {
      const b = v.value as Uint8Array;
      f = new DataView(b.buffer as ArrayBuffer, b.byteOffset, 4).getFloat32(0, true);
    }
    else if (field === 3) i = int(v);
    else if (field === 4) s = text(v);
    else if (field === 8) list.push(...ints(v));
  }
  if (type === 1) return [name, { float: f }];
  if (type === 2) return [name, i];
  if (type === 3) return [name, s];
  if (type === 7) return [name, list];
  throw new Error(`attribute ${name} has type ${type}, which this reader does not handle`);
}

function node(bytes: Uint8Array, index: number): NodeSpec {
  const inputs: string[] = [];
  const outputs: string[] = [];
  let name = '';
  let op = '';
  let domain = '';
  const attributes: Record<string, AttributeValue> = {};
  for (const { field, v } of fields(bytes)) {
    if (field === 1) inputs.push(text(v));
    else if (field === 2) outputs.push(text(v));
    else if (field === 3) name = text(v);
    else if (field === 4) op = text(v);
    else if (field === 7) domain = text(v);
    else if (field === 5) {
      const [k, a] = attribute(v.value as Uint8Array);
      attributes[k] = a;
    }
  }
  if (domain && domain !== 'ai.onnx') throw new Error(`node ${name || op} is in domain ${domain}; only the default domain is read`);
  return { op, inputs, outputs, name: name || `${op}_${index}`, attributes };
}

const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 10: 2, 11: 8 };

function tensor(bytes: Uint8Array): TensorSpec {
  const dims: number[] = [];
  let dataType = 0;
  let name = '';
  let raw: Uint8Array | null = null;
  const floats: number[] = [];
  const int64s: bigint[] = [];
  const int32s: number[] = [];
  for (const { field, v } of fields(bytes)) {
    if (field === 1) dims.push(...ints(v));
    else if (field === 2) dataType = int(v);
    else if (field === 8) name = text(v);
    else if (field === 9) raw = Uint8Array.from(v.value as Uint8Array);
    else if (field === 4) {
      const b = v.value as Uint8Array;
      const view = new DataView(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
      for (let k = 0; k + 4 <= b.byteLength; k += 4) floats.push(view.getFloat32(k, true));
    } else if (field === 7) {
      if (v.wire === 0) int64s.push(v.value);
      else {
        const r: Reader = { bytes: v.value, at: 0 };
        while (r.at < r.bytes.length) int64s.push(BigInt.asIntN(64, varint(r)));
      }
    } else if (field === 5) int32s.push(...ints(v));
    else if (field === 13 || field === 14) throw new Error(`tensor ${name} keeps its data outside the file; only self-contained models are read`);
  }
  if (!raw) {
    if (floats.length) raw = new Uint8Array(Float32Array.from(floats).buffer);
    else if (int64s.length) raw = new Uint8Array(BigInt64Array.from(int64s).buffer);
    else if (int32s.length && dataType === 10) raw = new Uint8Array(Uint16Array.from(int32s).buffer);
    else if (int32s.length) raw = new Uint8Array(Int32Array.from(int32s).buffer);
    else raw = new Uint8Array(0);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const size = ELEMENT_BYTES[dataType];
  if (size !== undefined && raw.length !== count * size) throw new Error(`tensor ${name} holds ${raw.length} bytes for ${count} elements of type ${dataType}`);
  return { name, dims, dataType, raw };
}

function valueInfo(bytes: Uint8Array): ValueSpec {
  let name = '';
  let elemType = 0;
  const shape: (number | string)[] = [];
  for (const { field, v } of fields(bytes)) {
    if (field === 1) name = text(v);
    if (field !== 2) continue;
    for (const t of fields(v.value as Uint8Array)) {
      if (t.field !== 1) continue;
      for (const tt of fields(t.v.value as Uint8Array)) {
        if (tt.field === 1) elemType = int(tt.v);
        if (tt.field !== 2) continue;
        for (const dim of fields(tt.v.value as Uint8Array)) {
          if (dim.field !== 1) continue;
          let d: number | string = '?';
          for (const part of fields(dim.v.value as Uint8Array)) d = part.field === 1 ? int(part.v) : text(part.v);
          shape.push(d);
        }
      }
    }
  }
  return { name, elemType, shape };
}

/** A ModelProto as the spec `encodeModel` takes; throws on what the spec cannot say (other domains, external data, subgraphs). */
export function decodeModel(bytes: Uint8Array): ModelSpec {
  const spec: ModelSpec & { nodes: NodeSpec[]; initializers: TensorSpec[]; inputs: ValueSpec[]; outputs: ValueSpec[] } = {
    graphName: '',
    producer: '',
    producerVersion: '',
    docString: '',
    opset: 0,
    nodes: [],
    initializers: [],
    inputs: [],
    outputs: [],
  };
  for (const { field, v } of fields(bytes)) {
    if (field === 2) spec.producer = text(v);
    else if (field === 3) spec.producerVersion = text(v);
    else if (field === 6) spec.docString = text(v);
    else if (field === 8) {
      let domain = '';
      let version = 0;
      for (const o of fields(v.value as Uint8Array)) {
        if (o.field === 1) domain = text(o.v);
        if (o.field === 2) version = int(o.v);
      }
      if (domain === '' || domain === 'ai.onnx') spec.opset = version;
    } else if (field === 7) {
      for (const g of fields(v.value as Uint8Array)) {
        if (g.field === 1) spec.nodes.push(node(g.v.value as Uint8Array, spec.nodes.length));
        else if (g.field === 2) spec.graphName = text(g.v);
        else if (g.field === 5) spec.initializers.push(tensor(g.v.value as Uint8Array));
        else if (g.field === 11) spec.inputs.push(valueInfo(g.v.value as Uint8Array));
        else if (g.field === 12) spec.outputs.push(valueInfo(g.v.value as Uint8Array));
      }
    }
  }
  // Older exporters list initializers among the inputs too; they are not inputs a caller feeds.
  const weights = new Set(spec.initializers.map((t) => t.name));
  spec.inputs = spec.inputs.filter((i) => !weights.has(i.name));
  return spec;
}
