import { Float16Array } from '@petamoriken/float16';

/**
 * float16 tensors as onnxruntime-node takes and gives them on Node 20 (raw
 * bits in a Uint16Array). Packing uses the library's conversion; unpacking
 * goes through a table of all 65,536 values made once with the same library,
 * because reading its Float16Array element by element costs about 0.75 µs a
 * value (12 s for one 4× output of a 1,000 px photo).
 */
export function toFloat16Bits(values: Float32Array): Uint16Array {
  const half = new Float16Array(values);
  return new Uint16Array(half.buffer, half.byteOffset, half.length);
}

let table: Float32Array | null = null;

export function float16Table(): Float32Array {
  if (!table) {
    const bits = new Uint16Array(65536);
    for (let i = 0; i < bits.length; i++) bits[i] = i;
    table = Float32Array.from(new Float16Array(bits.buffer));
  }
  return table;
}
