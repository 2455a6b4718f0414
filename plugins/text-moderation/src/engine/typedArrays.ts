/** Copies `from` into the larger `to` and returns it, for buffers that outgrow their first guess. */
export function grow<T extends Int32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
