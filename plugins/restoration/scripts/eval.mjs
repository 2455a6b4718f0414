// `npm run restore:eval`: how each shipped restoration model does against bicubic (super-resolution)
// and against the noisy input (noise removal), on the repository's own photos (plugins/face/testdata/faces:
// group photos, portraits, a printed and a screen-shown face; sources and licences in its SOURCES.tsv).
//
// Super-resolution: a centre crop is shrunk 2× and 4× with bicubic (sharp's cubic reduce), then brought back by
// bicubic and by each model. Noise removal: Gaussian noise of sigma 20 is added to the crop, which each model
// cleans at scale 1 (its result scaled back down bicubically). Figures, averaged over the photos:
// - PSNR (dB) against the original crop, RGB, a 4 px border left out;
// - edge detail: gradient energy (mean squared luminance difference to the right and below neighbours) as a
//   ratio to the original's; 1.0 is the original's detail, bicubic blurs below it.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '@crs/core';
import { resizeRgb } from '@crs/core/image';
import { modelRegistry, RestoreThreadPool, upscaleTiles } from '../dist/index.js';

const FACES = path.resolve(import.meta.dirname, '../../face/testdata/faces');
const CROP = Number(process.env.RESTORE_EVAL_CROP ?? 320);
const SIGMA = 20;
const BORDER = 4;

const config = loadConfig(process.env);
const registry = modelRegistry(config);
const pool = new RestoreThreadPool();

async function crops() {
  const out = [];
  for (const file of fs.readdirSync(FACES).filter((f) => f.endsWith('.jpg')).sort()) {
    const image = sharp(path.join(FACES, file)).rotate();
    const meta = await sharp(await image.clone().toBuffer()).metadata();
    const side = Math.min(CROP, meta.width, meta.height);
    const { data } = await image
      .extract({ left: Math.floor((meta.width - side) / 2), top: Math.floor((meta.height - side) / 2), width: side, height: side })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    out.push({ name: file.replace(/\.jpg$/, ''), image: { data, width: side, height: side } });
  }
  return out;
}

function psnr(a, b) {
  let sum = 0;
  let n = 0;
  for (let y = BORDER; y < a.height - BORDER; y++) {
    for (let x = BORDER; x < a.width - BORDER; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 3 + c;
        const d = a.data[i] - b.data[i];
        sum += d * d;
        n++;
      }
    }
  }
  return 10 * Math.log10((255 * 255) / (sum / n));
}

function gradientEnergy(img) {
  const luma = new Float32Array(img.width * img.height);
  for (let i = 0; i < luma.length; i++) luma[i] = 0.299 * img.data[i * 3] + 0.587 * img.data[i * 3 + 1] + 0.114 * img.data[i * 3 + 2];
  let sum = 0;
  let n = 0;
  for (let y = BORDER; y < img.height - BORDER; y++) {
    for (let x = BORDER; x < img.width - BORDER; x++) {
      const i = y * img.width + x;
      const dx = luma[i + 1] - luma[i];
      const dy = luma[i + img.width] - luma[i];
      sum += dx * dx + dy * dy;
      n++;
    }
  }
  return sum / n;
}

function addNoise(img, sigma, seed = 7) {
  let s = seed;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const data = Buffer.alloc(img.data.length);
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
    data[i] = Math.max(0, Math.min(255, Math.round(img.data[i] + sigma * g)));
  }
  return { ...img, data };
}

/** The model's result at `scale` × the input: bicubic from the model's own scale, as image.restore does. */
async function restore(name, img, scale) {
  const model = await registry.get(name);
  const started = process.cpuUsage();
  const out = await upscaleTiles(pool, { pixels: Buffer.from(img.data), width: img.width, height: img.height, channels: 3 }, model);
  const cpu = process.cpuUsage(started);
  const result = await resizeRgb({ data: Buffer.from(out.rgb), width: out.width, height: out.height }, img.width * scale, img.height * scale, 'cubic');
  return { result, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const bicubic = (img, scale) => resizeRgb(img, img.width * scale, img.height * scale, 'cubic');
const shrink = (img, by) => resizeRgb(img, Math.round(img.width / by), Math.round(img.height / by), 'cubic');

const photos = await crops();
console.log(`${photos.length} photos from plugins/face/testdata/faces, centre crops of ${CROP} px; PSNR in dB (RGB), edge = gradient energy ÷ the original's`);

const rows = new Map();
const add = (section, label, values) => {
  const key = `${section}\u0000${label}`;
  if (!rows.has(key)) rows.set(key, { section, label, values: [] });
  rows.get(key).values.push(values);
};

for (const { name, image } of photos) {
  const reference = { edge: gradientEnergy(image) };
  for (const factor of [2, 4]) {
    const small = await shrink(image, factor);
    const base = await bicubic(small, factor);
    const section = `${factor}× super-resolution (shrunk ${factor}× by bicubic)`;
    add(section, 'bicubic', { psnr: psnr(base, image), edge: gradientEnergy(base) / reference.edge });
    const candidates = factor === 2 ? ['waifu2x-photo-noise0-x2', 'realesr-general-x4v3'] : ['realesr-general-x4v3', 'realesr-general-wdn-x4v3'];
    for (const model of candidates) {
      const { result, cpuMs } = await restore(model, small, factor);
      add(section, model, { psnr: psnr(result, image), edge: gradientEnergy(result) / reference.edge, cpuMs });
    }
  }
  const noisy = addNoise(image, SIGMA);
  const section = `noise removal at scale 1 (Gaussian, sigma ${SIGMA})`;
  add(section, 'noisy input', { psnr: psnr(noisy, image), edge: gradientEnergy(noisy) / reference.edge });
  for (const model of ['waifu2x-photo-noise1-x2', 'waifu2x-photo-noise3-x2', 'realesr-general-wdn-x4v3']) {
    const { result, cpuMs } = await restore(model, noisy, 1);
    add(section, `${model} then down`, { psnr: psnr(result, image), edge: gradientEnergy(result) / reference.edge, cpuMs });
  }
  process.stderr.write(`  ${name} done\n`);
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
let current = '';
let baseline = null;
for (const { section, label, values } of rows.values()) {
  if (section !== current) {
    current = section;
    baseline = { psnr: mean(values.map((v) => v.psnr)), edge: mean(values.map((v) => v.edge)) };
    console.log(`\n${section}`);
    console.log(`${'model'.padEnd(38)}${'PSNR'.padStart(8)}${'Δ dB'.padStart(8)}${'edge'.padStart(8)}${'× base'.padStart(8)}${'worst Δ'.padStart(9)}${'CPU s'.padStart(8)}`);
  }
  const p = mean(values.map((v) => v.psnr));
  const e = mean(values.map((v) => v.edge));
  const deltas = values.map((v, i) => v.psnr - [...rows.values()].find((r) => r.section === section).values[i].psnr);
  const cpu = values[0].cpuMs === undefined ? '' : (mean(values.map((v) => v.cpuMs)) / 1000).toFixed(1);
  console.log(
    `${label.padEnd(38)}${p.toFixed(2).padStart(8)}${(p - baseline.psnr).toFixed(2).padStart(8)}${e.toFixed(2).padStart(8)}${(e / baseline.edge).toFixed(2).padStart(8)}${Math.min(...deltas).toFixed(2).padStart(9)}${cpu.padStart(8)}`,
  );
}
console.log('\nΔ dB and × base are against the first row of each section (bicubic, or the noisy input); worst Δ is the worst photo.');
console.log('Aims: 4× within 1 dB of bicubic with ≥ 1.3× its edge detail; noise removal ≥ 3 dB over the noisy input.');
await pool.close();
