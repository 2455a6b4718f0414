/**
 * Typed arrays one synchronous moderation reuses from call to call. Fresh
 * arrays the size of a long text cost more than the work done in them: the
 * allocator hands out newly zeroed pages, and the collector runs on the
 * external memory they add. Anything built on a scratch is valid only until
 * the next call that uses the same scratch.
 */
export class Scratch {
  private readonly int32 = new Map<string, Int32Array>();
  private readonly uint16 = new Map<string, Uint16Array>();

  /** `size` elements, not zeroed: the caller writes before it reads. */
  int32s(name: string, size: number): Int32Array {
    let array = this.int32.get(name);
    if (!array || array.length < size) this.int32.set(name, (array = new Int32Array(Math.max(size, 2 * (array?.length ?? 0)))));
    return array.subarray(0, size);
  }

  uint16s(name: string, size: number): Uint16Array {
    let array = this.uint16.get(name);
    if (!array || array.length < size) this.uint16.set(name, (array = new Uint16Array(Math.max(size, 2 * (array?.length ?? 0)))));
    return array.subarray(0, size);
  }
}
