// Where a QR code may be that the decoder could not read at the moderation size: three QR finder
// marks (the nested squares in three corners, dark-light-dark-light-dark in a 1:1:3:1:1 ratio
// across, both ways) of one size, placed as the corners of a right isosceles triangle. It only
// decides where a second, sharper look is worth its cost; the decoder alone decides what a code is.
// Plain JS so the decoding worker thread can run it without a build step.

/** The smallest and largest module (one QR cell) in pixels worth a second look; larger ones decode at 512 px. */
const MIN_MODULE = 0.8;
const MAX_MODULE = 6;
/** Threshold blocks: a finder is 7 modules, so 3×3 blocks hold a small one with light around it. */
const BLOCK = 8;
/** QR versions 1–20: finder centres are 14 to 90 modules apart. */
const MIN_SPAN = 12;
const MAX_SPAN = 100;
/** Finder look-alikes a code's square may hold besides its three finders (its data makes a few). */
const MAX_MARKS_INSIDE = 6;

/**
 * @param {Uint8Array} rgb interleaved RGB
 * @param {number} width
 * @param {number} height
 * @returns {Uint8Array} luminance, the weights ZXing uses
 */
export function luminance(rgb, width, height) {
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 3) out[i] = (306 * rgb[j] + 601 * rgb[j + 1] + 117 * rgb[j + 2] + 512) >> 10;
  return out;
}

/**
 * Dark (1) or light (0) against the mean of the 3×3 blocks around the pixel's block, as ZXing's
 * hybrid binarizer does: two passes over the pixels, cheap enough to run on every frame.
 * @param {Uint8Array} gray @param {number} width @param {number} height
 */
function binarize(gray, width, height) {
  const bw = Math.ceil(width / BLOCK);
  const bh = Math.ceil(height / BLOCK);
  const sums = new Float64Array(bw * bh);
  const counts = new Uint16Array(bw * bh);
  for (let y = 0; y < height; y++) {
    const row = ((y / BLOCK) | 0) * bw;
    for (let x = 0; x < width; x++) {
      const b = row + ((x / BLOCK) | 0);
      sums[b] += gray[y * width + x];
      counts[b]++;
    }
  }
  const threshold = new Float64Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let sum = 0;
      let count = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = bx + dx;
          const ny = by + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          sum += sums[ny * bw + nx];
          count += counts[ny * bw + nx];
        }
      }
      // A margin keeps flat areas (sky, walls) light instead of noise.
      threshold[by * bw + bx] = sum / count - 6;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = ((y / BLOCK) | 0) * bw;
    for (let x = 0; x < width; x++) out[y * width + x] = gray[y * width + x] < threshold[row + ((x / BLOCK) | 0)] ? 1 : 0;
  }
  return out;
}

/** Five runs in a 1:1:3:1:1 ratio; the module size, or 0. @param {number[]} runs */
function finderModule(runs) {
  const total = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
  const m = total / 7;
  if (m < MIN_MODULE || m > MAX_MODULE) return 0;
  const slack = Math.max(1, m * 0.6);
  for (const [i, ratio] of [[0, 1], [1, 1], [2, 3], [3, 1], [4, 1]]) {
    if (Math.abs(runs[i] - ratio * m) > slack * (ratio === 3 ? 1.5 : 1)) return 0;
  }
  return m;
}

/**
 * The five runs through (x, y) along a column, centred on the dark run holding it.
 * @param {Uint8Array} dark @param {number} width @param {number} height @param {number} x @param {number} y @param {number} limit
 */
function verticalRuns(dark, width, height, x, y, limit) {
  const at = (yy) => dark[yy * width + x];
  let up = y;
  while (up > 0 && at(up - 1) === 1 && y - up < limit) up--;
  let down = y;
  while (down < height - 1 && at(down + 1) === 1 && down - y < limit) down++;
  const runs = [0, 0, down - up + 1, 0, 0];
  let yy = up - 1;
  for (const [slot, colour] of [[1, 0], [0, 1]]) {
    while (yy >= 0 && at(yy) === colour && runs[slot] < limit) {
      runs[slot]++;
      yy--;
    }
  }
  yy = down + 1;
  for (const [slot, colour] of [[3, 0], [4, 1]]) {
    while (yy < height && at(yy) === colour && runs[slot] < limit) {
      runs[slot]++;
      yy++;
    }
  }
  return { runs, centre: (up + down) / 2 };
}

/**
 * The five runs through (x, y) along the down-right diagonal, as ZXing's cross-check does:
 * a finder is square, so its rings cross the diagonal too, where stripes and noise rarely do.
 * @param {Uint8Array} dark @param {number} width @param {number} height @param {number} x @param {number} y @param {number} limit
 */
function diagonalRuns(dark, width, height, x, y, limit) {
  const inside = (i) => x + i >= 0 && y + i >= 0 && x + i < width && y + i < height;
  const at = (i) => dark[(y + i) * width + x + i];
  if (at(0) !== 1) return [0, 0, 0, 0, 0];
  let up = 0;
  while (inside(up - 1) && at(up - 1) === 1 && -up < limit) up--;
  let down = 0;
  while (inside(down + 1) && at(down + 1) === 1 && down < limit) down++;
  const runs = [0, 0, down - up + 1, 0, 0];
  let i = up - 1;
  for (const [slot, colour] of [[1, 0], [0, 1]]) {
    while (inside(i) && at(i) === colour && runs[slot] < limit) {
      runs[slot]++;
      i--;
    }
  }
  i = down + 1;
  for (const [slot, colour] of [[3, 0], [4, 1]]) {
    while (inside(i) && at(i) === colour && runs[slot] < limit) {
      runs[slot]++;
      i++;
    }
  }
  return runs;
}

/**
 * Finder marks confirmed across, down and diagonally, merged where they are one mark.
 * @param {Uint8Array} dark @param {number} width @param {number} height
 * @returns {{ x: number, y: number, module: number, rows: number }[]}
 */
function finderMarks(dark, width, height) {
  /** @type {{ x: number, y: number, module: number, rows: number }[]} */
  const marks = [];
  const limit = Math.ceil(MAX_MODULE * 4);
  for (let y = 0; y < height; y++) {
    const runs = [0, 0, 0, 0, 0];
    let colour = dark[y * width];
    let length = 0;
    let ends = 0;
    for (let x = 0; x <= width; x++) {
      const c = x < width ? dark[y * width + x] : 1 - colour;
      if (c === colour) {
        length++;
        continue;
      }
      runs.shift();
      runs.push(length);
      ends++;
      // The last five runs end in a dark one when the run just closed was dark.
      if (colour === 1 && ends >= 5) {
        const m = finderModule(runs);
        if (m) {
          const cx = Math.round(x - runs[4] - runs[3] - runs[2] / 2);
          const v = verticalRuns(dark, width, height, cx, y, limit);
          const mv = finderModule(v.runs);
          const cy = Math.round(v.centre);
          // Diagonal runs are √2 longer than the module.
          const md = mv ? finderModule(diagonalRuns(dark, width, height, cx, cy, limit)) / Math.SQRT2 : 0;
          if (mv && md && mv / m < 1.6 && m / mv < 1.6 && md / m < 1.6 && m / md < 1.6) {
            const module = (m + mv) / 2;
            const seen = marks.find((k) => Math.abs(k.x - cx) < 3 * module && Math.abs(k.y - v.centre) < 3 * module);
            if (seen) {
              seen.rows++;
              seen.module = (seen.module * (seen.rows - 1) + module) / seen.rows;
            } else marks.push({ x: cx, y: v.centre, module, rows: 1 });
          }
        }
      }
      colour = c;
      length = 1;
    }
  }
  return marks;
}

/**
 * Regions (in the image's pixels) where three finder marks of one size stand as a QR code's corners.
 * @param {Uint8Array} gray luminance
 * @param {number} width
 * @param {number} height
 * @returns {{ x: number, y: number, width: number, height: number, module: number }[]}
 */
export function suspectQrRegions(gray, width, height) {
  const marks = finderMarks(binarize(gray, width, height), width, height).filter((m) => m.rows >= 2);
  if (marks.length < 3 || marks.length > 400) return [];
  /** @type {{ x: number, y: number, width: number, height: number, module: number }[]} */
  const regions = [];
  const dist = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);
  for (let i = 0; i < marks.length; i++) {
    const corner = marks[i];
    for (let j = 0; j < marks.length; j++) {
      if (j === i) continue;
      for (let k = j + 1; k < marks.length; k++) {
        if (k === i) continue;
        const a = marks[j];
        const b = marks[k];
        const module = (corner.module + a.module + b.module) / 3;
        if (Math.max(corner.module, a.module, b.module) / Math.min(corner.module, a.module, b.module) > 1.6) continue;
        const da = dist(corner, a);
        const db = dist(corner, b);
        const span = (da + db) / 2;
        if (span < MIN_SPAN * module || span > MAX_SPAN * module) continue;
        if (Math.abs(da - db) > 0.2 * span) continue;
        if (Math.abs(dist(a, b) - span * Math.SQRT2) > 0.2 * span) continue;
        // The fourth corner completes the square; the margin covers the finders' own half-width and the quiet zone.
        const xs = [corner.x, a.x, b.x, a.x + b.x - corner.x];
        const ys = [corner.y, a.y, b.y, a.y + b.y - corner.y];
        const margin = 8 * module;
        const x0 = Math.max(0, Math.floor(Math.min(...xs) - margin));
        const y0 = Math.max(0, Math.floor(Math.min(...ys) - margin));
        const x1 = Math.min(width, Math.ceil(Math.max(...xs) + margin));
        const y1 = Math.min(height, Math.ceil(Math.max(...ys) + margin));
        // A code holds its three finders and few look-alikes; texture and noise hold look-alikes everywhere.
        const inside = marks.filter((m) => m.x >= x0 && m.x <= x1 && m.y >= y0 && m.y <= y1).length;
        if (inside > MAX_MARKS_INSIDE) continue;
        const region = { x: x0, y: y0, width: x1 - x0, height: y1 - y0, module };
        const centreX = x0 + region.width / 2;
        const centreY = y0 + region.height / 2;
        const same = regions.some((r) => Math.abs(r.x + r.width / 2 - centreX) < r.width / 2 && Math.abs(r.y + r.height / 2 - centreY) < r.height / 2);
        if (!same) regions.push(region);
        if (regions.length >= 8) return regions;
      }
    }
  }
  return regions;
}
