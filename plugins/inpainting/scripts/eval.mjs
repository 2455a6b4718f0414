// `npm run inpaint:eval`: PSNR and SSIM inside the mask for each engine on generated images
// (gradient, texture, rendered scene, text) with three kinds of mask, next to a mean-colour fill.
import { loadConfig } from '@crs/core';
import { engineRegistry, fillMasked, inlineRaster, installedModels, planCrops } from '../dist/index.js';
import { masks, scenes } from './scenes.mjs';

const config = loadConfig(process.env);
const registry = engineRegistry(config);
const models = installedModels(config);
const engines = ['telea', 'navier-stokes', ...models.map((m) => m.name)];
if (!models.length) console.log('(no ONNX inpainting model installed; `npm run models -- fetch lama` adds LaMa)\n');

/** The baseline: every hole pixel becomes the mean colour of the known pixels of the image. */
function meanFill(image, mask) {
  const out = { ...image, data: Buffer.from(image.data) };
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]) continue;
    for (let c = 0; c < 3; c++) sum[c] += image.data[i * 3 + c];
    n++;
  }
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) for (let c = 0; c < 3; c++) out.data[i * 3 + c] = Math.round(sum[c] / n);
  return out;
}

function psnrInMask(a, b, mask) {
  let se = 0, n = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    for (let c = 0; c < 3; c++) se += (a.data[i * 3 + c] - b.data[i * 3 + c]) ** 2;
    n += 3;
  }
  return 10 * Math.log10((255 * 255) / Math.max(se / n, 1e-10));
}

/** SSIM on luminance with a 7×7 window, averaged over windows centred on masked pixels. */
function ssimInMask(a, b, mask) {
  const { width, height } = mask;
  const lum = (img) => Float64Array.from({ length: width * height }, (_, i) => 0.299 * img.data[i * 3] + 0.587 * img.data[i * 3 + 1] + 0.114 * img.data[i * 3 + 2]);
  const x = lum(a), y = lum(b);
  const C1 = (0.01 * 255) ** 2, C2 = (0.03 * 255) ** 2;
  let total = 0, n = 0;
  for (let cy = 3; cy < height - 3; cy++) {
    for (let cx = 3; cx < width - 3; cx++) {
      if (!mask.data[cy * width + cx]) continue;
      let mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
      for (let dy = -3; dy <= 3; dy++) {
        for (let dx = -3; dx <= 3; dx++) {
          const i = (cy + dy) * width + cx + dx;
          mx += x[i]; my += y[i]; xx += x[i] * x[i]; yy += y[i] * y[i]; xy += x[i] * y[i];
        }
      }
      const k = 49;
      mx /= k; my /= k;
      const vx = xx / k - mx * mx, vy = yy / k - my * my, cov = xy / k - mx * my;
      total += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
      n++;
    }
  }
  return total / n;
}

const images = await scenes(256);
const maskSet = masks(256);
const columns = ['mean-colour', ...engines];
const totals = Object.fromEntries(columns.map((c) => [c, { psnr: 0, ssim: 0, n: 0 }]));
console.log(`PSNR dB / SSIM inside the mask (256×256)\n${'image'.padEnd(10)}${'mask'.padEnd(12)}${columns.map((c) => c.padStart(18)).join('')}`);
for (const [imageName, truth] of Object.entries(images)) {
  for (const [maskName, mask] of Object.entries(maskSet)) {
    const row = [];
    for (const column of columns) {
      const damaged = { ...truth, data: Buffer.from(truth.data) };
      for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) damaged.data.fill(0, i * 3, i * 3 + 3);
      let result;
      if (column === 'mean-colour') result = meanFill(damaged, mask);
      else {
        result = damaged;
        // Quality only: the steps run in this thread.
        await fillMasked(result, mask, await registry.get(column), { radius: 5, raster: inlineRaster, crops: planCrops(mask) });
      }
      const psnr = psnrInMask(result, truth, mask), ssim = ssimInMask(result, truth, mask);
      Object.assign(totals[column], { psnr: totals[column].psnr + psnr, ssim: totals[column].ssim + ssim, n: totals[column].n + 1 });
      row.push(`${psnr.toFixed(1)} / ${ssim.toFixed(3)}`.padStart(18));
    }
    console.log(`${imageName.padEnd(10)}${maskName.padEnd(12)}${row.join('')}`);
  }
}
console.log(`${'mean'.padEnd(22)}${columns.map((c) => `${(totals[c].psnr / totals[c].n).toFixed(1)} / ${(totals[c].ssim / totals[c].n).toFixed(3)}`.padStart(18)).join('')}`);
await registry.close();
