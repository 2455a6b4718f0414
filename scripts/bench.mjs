// `npm run bench`: the text engine's throughput, image.moderate on onnxruntime against nsfwjs on
// tfjs, OCR images/s per engine, inpainting time per image by engine and size and the event-loop delay during a 2000×1500 inpainting, restoration ms per megapixel per model and event-loop delay during a 2,000 px restore, audio decode + VAD real-time factor, video.moderate against decoding the whole stream, face detect + embed and 1:N search, image.moderate with and without a face watchlist, then sync latency against a raw BullMQ round trip. Builds first; uses REDIS_URL or 127.0.0.1:6379, starting a throwaway redis-server if none answers.
import { spawnSync } from 'node:child_process';
import { ensureBuilt, ROOT } from './lib/build.mjs';
import { ensureRedis } from './lib/redis.mjs';

ensureBuilt();
const run = (script, args = []) => spawnSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit', env: process.env }).status;
console.log('== text engine ==');
if (run('plugins/text-moderation/scripts/bench.mjs') !== 0) process.exit(1);
console.log('\n== image.moderate ==');
if (run('plugins/image-classifier/scripts/bench.mjs') !== 0) process.exit(1);
console.log('\n== image.moderate: QR codes and barcodes ==');
if (run('plugins/image-classifier/scripts/codes-bench.mjs') !== 0) process.exit(1);
console.log('\n== image.ocr ==');
if (run('plugins/ocr/scripts/evaluate.mjs', ['--speed']) !== 0) process.exit(1);
console.log('\n== audio.moderate ==');
if (run('plugins/audio/scripts/bench.mjs') !== 0) process.exit(1);
console.log('\n== image.inpaint ==');
if (run('plugins/inpainting/scripts/bench.mjs') !== 0) process.exit(1);
if (run('plugins/inpainting/scripts/loopDelay.mjs') !== 0) process.exit(1);
console.log('\n== image.restore ==');
if (run('plugins/restoration/scripts/bench.mjs') !== 0) process.exit(1);
console.log('\n== video.moderate ==');
if (run('plugins/video/scripts/bench.mjs') !== 0) process.exit(1);

const stopRedis = await ensureRedis('the face and sync benchmarks');
console.log('\n== face ==');
let status = run('plugins/face/scripts/bench.mjs');
console.log('\n== image.moderate: face watchlists ==');
if (status === 0) status = run('tests/e2e/bench/watchlist.mjs');
console.log('\n== sync endpoint ==');
if (status === 0) status = run('tests/e2e/bench/sync.mjs');
console.log('\n== API CPU per sync call ==');
if (status === 0) status = run('tests/e2e/bench/syncCpu.mjs');
await stopRedis();
process.exit(status ?? 1);
