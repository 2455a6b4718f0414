import { float16Table, toFloat16Bits } from './fp16.js';
import type { HoistedPad } from './graphPasses.js';
import { axisWeights, type TilePlan } from './tiles.js';

export interface RasterSetup {
  /** Interleaved 8-bit pixels, upright; 3 channels (RGB) or 4 (RGBA, alpha handled apart). */
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  scale: number;
  plan: TilePlan;
  dtype: 'float32' | 'float16';
  colorOrder: 'rgb' | 'bgr';
  inputRange: readonly [number, number];
  outputRange: readonly [number, number];
  /** The model's own input Pad, removed from its graph: each tile is read that much wider, mirrored past the image's edges as the Pad did. */
  hoistedPad?: HoistedPad | null;
}

/** Where coordinate `i` of an axis `n` long reads from: inside as is, outside mirrored (reflect) or held at the edge. */
function sourceIndex(i: number, n: number, mode: 'reflect' | 'edge'): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'edge' || n === 1) return i < 0 ? 0 : n - 1;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

export interface TileTensor {
  /** NCHW, batch 1, 3 channels: float32 values or float16 bits. */
  data: Float32Array | Uint16Array;
  width: number;
  height: number;
}

/**
 * The raster side of a restore: cuts model inputs out of the image and blends
 * model outputs into the result. Tiles are blended row by row; a row of output
 * is final once the next row of tiles has added its share, so only one band
 * of float accumulators (a row of tiles high) exists at a time besides the
 * 8-bit result.
 */
export class TileRaster {
  readonly outWidth: number;
  readonly outHeight: number;
  private readonly out: Uint8Array;
  private readonly band: Float32Array;
  private bandRow = 0;
  private readonly order: readonly number[];

  constructor(private readonly s: RasterSetup) {
    this.outWidth = s.width * s.scale;
    this.outHeight = s.height * s.scale;
    this.out = new Uint8Array(this.outWidth * this.outHeight * 3);
    const tallest = Math.max(...s.plan.rows.map((r) => r.height));
    this.band = new Float32Array(tallest * s.scale * this.outWidth * 3);
    this.order = s.colorOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  }

  /**
   * The model input for tile `index`: its read region, plus the hoisted Pad on
   * every side. Past the image the Pad's mode applies; without one the edge
   * repeats where rounding to `multipleOf` reaches past the image.
   */
  tileInput(index: number): TileTensor {
    const { pixels, width, height, channels, plan, inputRange } = this.s;
    const t = plan.tiles[index]!;
    const pad = this.s.hoistedPad?.pad ?? 0;
    const mode = this.s.hoistedPad?.mode ?? 'edge';
    const w = t.readWidth + 2 * pad;
    const h = t.readHeight + 2 * pad;
    const area = w * h;
    const values = new Float32Array(area * 3);
    const [lo, hi] = inputRange;
    const k = (hi - lo) / 255;
    const columns = new Int32Array(w);
    for (let x = 0; x < w; x++) columns[x] = sourceIndex(t.readX - pad + x, width, mode) * channels;
    for (let y = 0; y < h; y++) {
      const rowStart = sourceIndex(t.readY - pad + y, height, mode) * width * channels;
      for (let c = 0; c < 3; c++) {
        const source = rowStart + this.order[c]!;
        const plane = c * area + y * w;
        for (let x = 0; x < w; x++) values[plane + x] = lo + pixels[source + columns[x]!]! * k;
      }
    }
    return { data: this.s.dtype === 'float16' ? toFloat16Bits(values) : values, width: w, height: h };
  }

  /** Adds tile `index`'s output, weighted; tiles must come in plan order. */
  blend(index: number, output: TileTensor): void {
    const { scale: s, plan, outputRange } = this.s;
    const t = plan.tiles[index]!;
    if (output.width !== t.readWidth * s || output.height !== t.readHeight * s) {
      throw new Error(`tile ${index}: the model returned ${output.width}×${output.height}, expected ${t.readWidth * s}×${t.readHeight * s} (is the manifest's scale right?)`);
    }
    while (t.row > this.bandRow) this.advance();
    const ramp = plan.overlap * s;
    const keptW = t.width * s;
    const keptH = t.height * s;
    const wx = axisWeights(keptW, ramp, t.left, t.right);
    const wy = axisWeights(keptH, ramp, t.top, t.bottom);
    const ox = (t.x - t.readX) * s;
    const oy = (t.y - t.readY) * s;
    const bandTop = plan.rows[this.bandRow]!.y * s;
    const outX = t.x * s;
    const area = output.width * output.height;
    const [olo, ohi] = outputRange;
    const k = 255 / (ohi - olo);
    const table = output.data instanceof Uint16Array ? float16Table() : null;
    const data = output.data;
    for (let y = 0; y < keptH; y++) {
      const bandLine = ((t.y * s + y - bandTop) * this.outWidth + outX) * 3;
      const wyv = wy[y]!;
      for (let c = 0; c < 3; c++) {
        const plane = c * area + (oy + y) * output.width + ox;
        const channel = bandLine + this.order[c]!;
        for (let x = 0; x < keptW; x++) {
          const raw = table ? table[data[plane + x]!]! : data[plane + x]!;
          const at = channel + x * 3;
          this.band[at] = this.band[at]! + (raw - olo) * k * wx[x]! * wyv;
        }
      }
    }
  }

  /** Rows the current band holds that no later row of tiles touches go to the result; the shared rest moves up. */
  private advance(): void {
    const { scale: s, plan } = this.s;
    const current = plan.rows[this.bandRow]!;
    const next = plan.rows[this.bandRow + 1]!;
    const done = (next.y - current.y) * s;
    this.flush(current.y * s, done);
    const line = this.outWidth * 3;
    const carried = (current.y + current.height - next.y) * s;
    this.band.copyWithin(0, done * line, (done + carried) * line);
    this.band.fill(0, carried * line);
    this.bandRow++;
  }

  private flush(outY: number, rows: number): void {
    const n = rows * this.outWidth * 3;
    const at = outY * this.outWidth * 3;
    for (let i = 0; i < n; i++) {
      const v = this.band[i]!;
      this.out[at + i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }

  /** The restored RGB, once every tile is blended. */
  finish(): Uint8Array {
    const last = this.s.plan.rows[this.bandRow]!;
    if (this.bandRow !== this.s.plan.rows.length - 1) throw new Error('finish before the last row of tiles');
    this.flush(last.y * this.s.scale, last.height * this.s.scale);
    return this.out;
  }

  /** The alpha plane of an RGBA input (scaled by the caller), or null. */
  alpha(): Uint8Array | null {
    const { pixels, width, height, channels } = this.s;
    if (channels !== 4) return null;
    const a = new Uint8Array(width * height);
    for (let i = 0; i < a.length; i++) a[i] = pixels[i * 4 + 3]!;
    return a;
  }
}
