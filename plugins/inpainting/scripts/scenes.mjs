// Images with known content and masks of several kinds, made on the machine, for the evaluation and the bench.
import sharp from 'sharp';
import { drawRegions } from '../dist/index.js';

async function fromSvg(svg, size) {
  const { data } = await sharp(Buffer.from(svg)).resize(size, size).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: size, height: size };
}

function gradient(size) {
  const data = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.set([(255 * x) / size, (255 * y) / size, 255 - (255 * (x + y)) / (2 * size)].map(Math.round), (y * size + x) * 3);
  return { data, width: size, height: size };
}

function texture(size) {
  const data = Buffer.alloc(size * size * 3);
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) % 21) - 10;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = 128 + 60 * Math.sin(x / 6) * Math.cos(y / 9) + noise();
      data.set([v, v * 0.8 + 30, 90 + noise()].map((c) => Math.max(0, Math.min(255, Math.round(c)))), (y * size + x) * 3);
    }
  }
  return { data, width: size, height: size };
}

const SCENE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3a7bd5"/><stop offset="1" stop-color="#bfe3ff"/></linearGradient></defs>
  <rect width="256" height="256" fill="url(#sky)"/><circle cx="190" cy="60" r="28" fill="#ffd34e"/>
  <path d="M0 170 Q60 120 120 165 T256 150 V256 H0 Z" fill="#4c9a2a"/><path d="M0 210 Q90 180 170 205 T256 200 V256 H0 Z" fill="#2f6b1a"/>
  <rect x="40" y="150" width="40" height="40" fill="#b5651d"/><polygon points="36,150 60,128 84,150" fill="#8b0000"/></svg>`;

const TEXT_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#f4f1e8"/>
  <text x="16" y="60" font-family="sans-serif" font-size="28" fill="#222">Restoration</text>
  <text x="16" y="110" font-family="sans-serif" font-size="22" fill="#333">of old photos</text>
  <text x="16" y="160" font-family="sans-serif" font-size="18" fill="#444">and scanned pages</text>
  <text x="16" y="210" font-family="sans-serif" font-size="16" fill="#555">内容审核 图片修复</text></svg>`;

export async function scenes(size = 256) {
  return { gradient: gradient(size), texture: texture(size), scene: await fromSvg(SCENE_SVG, size), text: await fromSvg(TEXT_SVG, size) };
}

/** Masks scaled to `size` (drawn for 256). */
export function masks(size = 256) {
  const k = size / 256;
  const mk = (regions) => {
    const mask = { data: new Uint8Array(size * size), width: size, height: size };
    drawRegions(mask, regions.map((r) => (r.type === 'rect' ? { ...r, x: r.x * k, y: r.y * k, width: r.width * k, height: r.height * k } : { ...r, points: r.points.map(([x, y]) => [x * k, y * k]) })));
    return mask;
  };
  const line = (x0, y0, x1, y1, w) => {
    const len = Math.hypot(x1 - x0, y1 - y0), nx = (-(y1 - y0) / len) * (w / 2), ny = ((x1 - x0) / len) * (w / 2);
    return { type: 'polygon', points: [[x0 + nx, y0 + ny], [x1 + nx, y1 + ny], [x1 - nx, y1 - ny], [x0 - nx, y0 - ny]] };
  };
  const circle = (cx, cy, r) => ({ type: 'polygon', points: Array.from({ length: 24 }, (_, i) => [cx + r * Math.cos((i * Math.PI) / 12), cy + r * Math.sin((i * Math.PI) / 12)]) });
  return {
    scratches: mk([line(20, 30, 230, 90, 3), line(40, 220, 200, 120, 3), line(120, 10, 140, 250, 2)]),
    blobs: mk([circle(70, 80, 14), circle(180, 170, 18), circle(120, 200, 10)]),
    rectangles: mk([{ type: 'rect', x: 30, y: 40, width: 40, height: 28 }, { type: 'rect', x: 150, y: 120, width: 48, height: 36 }]),
  };
}
