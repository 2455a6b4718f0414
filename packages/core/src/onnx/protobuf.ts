/**
 * The few protobuf wire-format primitives an ONNX file needs. Messages are built
 * as lists of encoded fields and concatenated once, so a 14 MB weight tensor is
 * copied a single time.
 */
export type Field = Uint8Array;

const WIRE_VARINT = 0;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

function varintBytes(value: number | bigint): Uint8Array {
  // int64 fields encode negatives as ten-byte two's complement.
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

function tag(field: number, wire: number): Uint8Array {
  return varintBytes((field << 3) | wire);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function varintField(field: number, value: number | bigint): Field {
  return concat([tag(field, WIRE_VARINT), varintBytes(value)]);
}

export function bytesField(field: number, value: Uint8Array): Field {
  return concat([tag(field, WIRE_LENGTH), varintBytes(value.length), value]);
}

export function stringField(field: number, value: string): Field {
  return bytesField(field, new TextEncoder().encode(value));
}

export function floatField(field: number, value: number): Field {
  const body = new Uint8Array(4);
  new DataView(body.buffer).setFloat32(0, value, true);
  return concat([tag(field, WIRE_FIXED32), body]);
}

export function messageField(field: number, fields: readonly Field[]): Field {
  return bytesField(field, concat(fields));
}
