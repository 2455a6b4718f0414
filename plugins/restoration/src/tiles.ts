/** One run of the model: which input pixels it reads and which of its output pixels are kept. */
export interface Tile {
  /** Row of tiles it belongs to (tiles come row by row, left to right). */
  row: number;
  /** Kept input region; neighbours share `overlap` pixels of it. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Region read from the input: the kept one plus context, clamped to the image, rounded to `multipleOf` by repeating the edge. */
  readX: number;
  readY: number;
  readWidth: number;
  readHeight: number;
  /** Where neighbours lie, so the kept region fades out towards them only. */
  left: boolean;
  right: boolean;
  top: boolean;
  bottom: boolean;
}

export interface TileGeometry {
  size: number;
  padding: number;
  overlap: number;
  multipleOf: number;
}

export interface TilePlan {
  tiles: Tile[];
  /** Kept input rows of each row of tiles: [y, y + height). */
  rows: { y: number; height: number }[];
  overlap: number;
}

/**
 * Splits [0, length) into intervals of at most `max` that share exactly
 * `overlap` with the next, spread evenly so no last sliver is left.
 */
export function splitAxis(length: number, max: number, overlap: number): { start: number; end: number }[] {
  if (length <= max) return [{ start: 0, end: length }];
  const count = Math.ceil((length - overlap) / (max - overlap));
  const step = (length - overlap) / count;
  return Array.from({ length: count }, (_, i) => ({ start: Math.round(i * step), end: Math.round((i + 1) * step) + overlap }));
}

const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;

export function planTiles(width: number, height: number, g: TileGeometry): TilePlan {
  const kept = g.size - 2 * g.padding;
  const xs = splitAxis(width, kept, g.overlap);
  const ys = splitAxis(height, kept, g.overlap);
  const tiles: Tile[] = [];
  ys.forEach((ry, row) => {
    xs.forEach((rx, column) => {
      const readX = Math.max(0, rx.start - g.padding);
      const readY = Math.max(0, ry.start - g.padding);
      tiles.push({
        row,
        x: rx.start,
        y: ry.start,
        width: rx.end - rx.start,
        height: ry.end - ry.start,
        readX,
        readY,
        readWidth: roundUp(Math.min(width, rx.end + g.padding) - readX, g.multipleOf),
        readHeight: roundUp(Math.min(height, ry.end + g.padding) - readY, g.multipleOf),
        left: column > 0,
        right: column < xs.length - 1,
        top: row > 0,
        bottom: row < ys.length - 1,
      });
    });
  });
  return { tiles, rows: ys.map((r) => ({ y: r.start, height: r.end - r.start })), overlap: g.overlap };
}

/**
 * Blend weights along one axis of a tile's kept output, `length` pixels long:
 * a linear ramp over the `ramp` pixels shared with each neighbour. Where two
 * tiles share pixels their ramps are mirror images, so the weights add up to
 * exactly 1 and no normalising pass is needed.
 */
export function axisWeights(length: number, ramp: number, fadeIn: boolean, fadeOut: boolean): Float32Array {
  const w = new Float32Array(length).fill(1);
  if (ramp <= 0) return w;
  for (let t = 0; t < ramp && t < length; t++) {
    const v = (t + 0.5) / ramp;
    if (fadeIn) w[t] = w[t]! * v;
    if (fadeOut) w[length - 1 - t] = w[length - 1 - t]! * v;
  }
  return w;
}

/**
 * The plan's geometry for a manifest whose model had its input Pad of `pad`
 * removed: the tiler then adds those pixels itself, so the model still reads
 * `size` per side and the manifest's context shrinks by what the Pad gave.
 */
export function tileGeometry(tile: { size: number; padding: number; overlap: number }, multipleOf: number, pad = 0): TileGeometry {
  const padding = Math.max(0, tile.padding - pad);
  return { size: Math.max(tile.size - 2 * pad, 2 * padding + 2 * tile.overlap + 1), padding, overlap: tile.overlap, multipleOf };
}
