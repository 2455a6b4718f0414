// Restoration bench, one run each (BENCH_RESTORE_SKIP_LOOP=1 leaves out the 2,000 px part):
// 1. milliseconds per input megapixel for each model on one onnxruntime thread (intraOpNumThreads=1), wall and CPU;
// 2. a 1,000 × 1,000 photo at 2× with the default model on one thread (aim: under 10 s on one core);
// 3. event-loop delay while a 2,000 px photo is restored at 2× (aim: p99 under 50 ms), beside the same loop idle,
//    and beside what one tile's raster work would block the loop for if it ran there instead of in the worker thread.
// The machine may be shared: CPU time is the figure to compare with "one core", wall time includes waiting for it.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { loadConfig } from '@crs/core';
import { BUILTIN_MANIFESTS, defaultModel, modelRegistry, planTiles, RestoreModel, RestoreThreadPool, TileRaster, upscaleTiles } from '../dist/index.js';

const PHOTO = path.resolve(import.meta.dirname, '../../face/testdata/faces/group-or-portrait-1.jpg');
const config = loadConfig(process.env);
const oneThread = modelRegistry(config, 1);
const pool = new RestoreThreadPool();

async function photo(side, height = side) {
  const { data, info } = await sharp(PHOTO).resize(side, height, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { pixels: data, width: info.width, height: info.height, channels: 3 };
}

async function timed(model, image) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const out = await upscaleTiles(pool, { ...image, pixels: Buffer.from(image.pixels) }, model);
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, tiles: out.tiles };
}

const sample = await photo(384, 288);
const mp = (sample.width * sample.height) / 1e6;
console.log(`ms per input megapixel, ${sample.width}×${sample.height} photo, intraOpNumThreads=1 (one run; the first tile of each model includes its warm-up)`);
console.log(`${'model'.padEnd(28)}${'scale'.padStart(6)}${'wall ms/MP'.padStart(12)}${'CPU ms/MP'.padStart(12)}${'CPU ms/out MP'.padStart(15)}`);
for (const name of Object.keys(BUILTIN_MANIFESTS)) {
  const model = await oneThread.get(name);
  const r = await timed(model, sample);
  const outMp = mp * model.manifest.scale ** 2;
  console.log(`${name.padEnd(28)}${`${model.manifest.scale}×`.padStart(6)}${(r.wallMs / mp).toFixed(0).padStart(12)}${(r.cpuMs / mp).toFixed(0).padStart(12)}${(r.cpuMs / outMp).toFixed(0).padStart(15)}`);
}

const name2x = defaultModel(2, 0);
const big = await photo(1000);
const r1000 = await timed(await oneThread.get(name2x), big);
console.log(`\n1000×1000 at 2× (${name2x}, one thread, ${r1000.tiles} tiles): ${(r1000.wallMs / 1000).toFixed(1)} s wall, ${(r1000.cpuMs / 1000).toFixed(1)} s CPU (aim: under 10 s)`);

if (process.env.BENCH_RESTORE_SKIP_LOOP !== '1') {
  const loop = async (work) => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const started = performance.now();
    await work();
    h.disable();
    const ms = (v) => (v / 1e6).toFixed(1);
    return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), seconds: ((performance.now() - started) / 1000).toFixed(1) };
  };
  const idle = await loop(() => new Promise((r) => setTimeout(r, 3000)));
  const side = Number(process.env.BENCH_RESTORE_LOOP_SIDE ?? 2000);
  const model = await modelRegistry(config).get(name2x);
  const image = await photo(side, Math.round((side * 3) / 4));
  const busy = await loop(() => upscaleTiles(pool, { ...image, pixels: Buffer.from(image.pixels) }, model));
  // What the loop would stall for per tile if the work ran on it: one tile cut, inferred (onnxruntime-node's
  // session.run blocks its calling thread) and blended on this thread.
  const m = model.manifest;
  const session = await RestoreModel.load(m, model.file, model.threads);
  const plan = planTiles(image.width, image.height, { ...m.tile, multipleOf: m.multipleOf });
  const raster = new TileRaster({ pixels: image.pixels, width: image.width, height: image.height, channels: 3, scale: m.scale, plan, dtype: m.dtype, colorOrder: m.colorOrder, inputRange: m.inputRange, outputRange: m.outputRange });
  const t0 = performance.now();
  const input = raster.tileInput(0);
  const t1 = performance.now();
  const output = await session.run(input);
  const t2 = performance.now();
  raster.blend(0, output);
  const t3 = performance.now();
  await session.close();
  console.log(`\nevent-loop delay, ${image.width}×${image.height} at 2× (${name2x}, ${plan.tiles.length} tiles, ORT_INTRA_OP_THREADS=${config.onnx.intraOpThreads || 'all cores'}), ms:`);
  console.log(`  idle loop, 3 s (baseline)    p50 ${idle.p50}  p99 ${idle.p99}  max ${idle.max}`);
  console.log(`  during the restore, ${busy.seconds} s   p50 ${busy.p50}  p99 ${busy.p99}  max ${busy.max}   (aim: p99 under 50)`);
  console.log(`  one tile on the loop instead: cut ${(t1 - t0).toFixed(0)} + infer ${(t2 - t1).toFixed(0)} + blend ${(t3 - t2).toFixed(0)} ms of stall per tile`);
}
await pool.close();
