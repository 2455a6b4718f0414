/**
 * Typed arrays one synchronous moderation reuses from call to call. Fresh
 * arrays the size of a long text cost more than the work done in them: the
 * allocator hands out newly zeroed pages, and the collector runs on the
 * external memory they add. Anything built on a scratch is valid only until
 * the next call that uses the same scratch.
 */
type Buffer = Int32Array | Uint16Array;

export class Scratch {
  private readonly buffers = new Map<string, Buffer>();

  /** `size` elements of the buffer called `name`, grown by doubling; not zeroed. */
  take<T extends Buffer>(name: string, size: number, make: (size: number) => T): T {
    let buffer = this.buffers.get(name) as T | undefined;
    if (!buffer || buffer.length < size) this.buffers.set(name, (buffer = make(Math.max(size, 2 * (buffer?.length ?? 0)))));
    return buffer.subarray(0, size) as T;
  }
}

const makeInt32 = (size: number) => new Int32Array(size);
const makeUint16 = (size: number) => new Uint16Array(size);

/** From `scratch` when there is one (the caller writes before it reads), else a fresh array. */
export function int32s(scratch: Scratch | undefined, name: string, size: number): Int32Array {
  return scratch ? scratch.take(name, size, makeInt32) : makeInt32(size);
}

export function uint16s(scratch: Scratch | undefined, name: string, size: number): Uint16Array {
  return scratch ? scratch.take(name, size, makeUint16) : makeUint16(size);
}
