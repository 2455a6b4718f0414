// Inpainting bench: wall time per image at 512 px and at 2,000 px for each engine present
// (the classical ones always, ONNX models when installed), decoding and encoding excluded, with the
// CPU-heavy steps in a worker thread as the plugin runs them.
import { loadConfig } from '@crs/core';
import { createRasterPool, engineRegistry, fillMasked, installedModels, planCrops } from '../dist/index.js';
import { masks, scenes } from './scenes.mjs';

const config = loadConfig(process.env);
const registry = engineRegistry(config);
const installed = installedModels(config);
const engines = ['telea', 'navier-stokes', ...installed.map((m) => m.name)];
const raster = createRasterPool({ maxThreads: 1 });
await raster.warm();
const ROUNDS = Number(process.env.BENCH_INPAINT_ROUNDS ?? 3);
console.log(`masks: scratches + blobs + rectangles together; ${ROUNDS} rounds over 4 images${installed.length ? '' : '; no ONNX model installed (npm run models -- fetch lama)'}`);
console.log(`${'engine'.padEnd(16)}${'512 px'.padStart(14)}${'2000 px'.padStart(14)}`);
const sizes = [512, 2000];
const prepared = {};
for (const size of sizes) {
  const set = masks(size);
  const all = { ...set.scratches, data: set.scratches.data.map((v, i) => v | set.blobs.data[i] | set.rectangles.data[i]) };
  prepared[size] = { images: Object.values(await scenes(size)), mask: all, crops: planCrops(all) };
}
for (const name of engines) {
  const engine = await registry.get(name);
  const cells = [];
  for (const size of sizes) {
    const { images, mask, crops } = prepared[size];
    const options = { radius: 5, raster, crops };
    await fillMasked({ ...images[0], data: Buffer.from(images[0].data) }, mask, engine, options); // warm-up
    const started = performance.now();
    for (let r = 0; r < ROUNDS; r++) for (const img of images) await fillMasked({ ...img, data: Buffer.from(img.data) }, mask, engine, options);
    cells.push(`${((performance.now() - started) / (ROUNDS * images.length)).toFixed(0)} ms`.padStart(14));
  }
  console.log(`${name.padEnd(16)}${cells.join('')}`);
}
await registry.close();
await raster.close();
