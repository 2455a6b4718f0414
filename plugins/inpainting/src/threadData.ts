/** What the raster thread answers: the task's value, or its error as data. */
export interface ThreadResult<T> {
  value: T;
}
export interface ThreadFailure {
  failed: { code?: string; message: string; details?: Record<string, unknown> };
}

/**
 * The ArrayBuffers under the typed arrays of `value` (plain objects and
 * arrays, a few levels deep) that their views cover whole, so they can be
 * moved to the other thread instead of copied. A view into a shared pool or a
 * larger buffer is left to be copied.
 */
export function ownedBuffers(value: unknown, depth = 3, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer;
    if (buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength) found.add(buffer);
  } else if (value && typeof value === 'object' && depth > 0) {
    for (const v of Object.values(value)) ownedBuffers(v, depth - 1, found);
  }
  return [...found];
}

/**
 * `value` with the `data` of each image-like field (one level down) as a
 * Buffer again: structured cloning delivers Buffers as plain Uint8Arrays.
 */
export function revive<T extends object>(value: T): T {
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) {
    const data = (v as { data?: unknown } | null)?.data;
    if (data instanceof Uint8Array && !Buffer.isBuffer(data)) out[k] = { ...(v as object), data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
  }
  return out as T;
}

/** An image that came from the other thread, its pixels as a Buffer again. */
export function reviveImage<T extends { data: Uint8Array }>(image: T): T & { data: Buffer } {
  const { data } = image;
  return { ...image, data: Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
}
