/**
 * TensorFlow's `resizeBilinear` with `alignCorners: true`, the resize nsfwjs
 * applies before its model: corner pixels map to corner pixels and every
 * output value interpolates the four nearest inputs, in floats (no rounding
 * to bytes between resize and model). Interleaved RGB bytes in, floats out.
 */
export function resizeBilinearAlignCorners(pixels: Uint8Array, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  const out = new Float32Array(outWidth * outHeight * 3);
  const sy = outHeight > 1 ? (height - 1) / (outHeight - 1) : 0;
  const sx = outWidth > 1 ? (width - 1) / (outWidth - 1) : 0;
  let o = 0;
  for (let y = 0; y < outHeight; y++) {
    const fy = y * sy;
    const y0 = Math.floor(fy);
    const y1 = Math.min(height - 1, Math.ceil(fy));
    const dy = fy - y0;
    for (let x = 0; x < outWidth; x++) {
      const fx = x * sx;
      const x0 = Math.floor(fx);
      const x1 = Math.min(width - 1, Math.ceil(fx));
      const dx = fx - x0;
      const a = (y0 * width + x0) * 3;
      const b = (y0 * width + x1) * 3;
      const c = (y1 * width + x0) * 3;
      const d = (y1 * width + x1) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = pixels[a + ch]! + (pixels[b + ch]! - pixels[a + ch]!) * dx;
        const bottom = pixels[c + ch]! + (pixels[d + ch]! - pixels[c + ch]!) * dx;
        out[o++] = top + (bottom - top) * dy;
      }
    }
  }
  return out;
}
