// Wall time of video.moderate (seek-based parallel extraction, frames moderated by image.moderate)
// against the naive method (one ffmpeg decoding the whole stream through an fps filter, the same
// frames moderated the same way), on a 10-minute 1280×720 test video with three flagged segments
// at known times; both measured in this run. Run through `npm run bench` (which builds first).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, FsBlobStore, loadConfig, locateFfmpeg, parseTaskInput } from '@crs/core';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { runTool } from '@crs/core';
import { createVideoPlugin, frameSize } from '../dist/index.js';
import { testImages } from '../../image-classifier/testdata/images.mjs';

const DURATION_S = Number(process.env.BENCH_VIDEO_SECONDS ?? 600);
const FLAGGED = [95, 301, 447].filter((t) => t + 8 < DURATION_S); // seconds; each segment lasts 8 s
const THRESHOLDS = { porn: { review: 0.25, block: 0.9 } };
const tools = locateFfmpeg();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-videobench-'));
const cacheDir = path.join(os.tmpdir(), 'crs-videobench-cache');
fs.mkdirSync(cacheDir, { recursive: true });

// The test video: ffmpeg's moving test pattern encoded with libx264's defaults (preset medium,
// CRF 23: B-frames and CABAC, so decoding costs what a real video's does), a keyframe every 2 s, and
// a photo-like picture over it during the flagged segments.
const videoFile = path.join(cacheDir, `pattern2-medium-${DURATION_S}s-720p.mp4`);
if (!fs.existsSync(videoFile)) {
  const picture = path.join(work, 'picture.jpg');
  fs.writeFileSync(picture, (await testImages()).find((i) => i.name === 'photo-like').bytes);
  const enable = FLAGGED.map((t) => `between(t,${t},${t + 8})`).join('+');
  console.log(`making a ${DURATION_S} s 1280×720 test video (once; cached in ${cacheDir})…`);
  execFileSync(tools.ffmpeg.path, [
    '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-loop', '1', '-i', picture,
    '-filter_complex', `[1]scale=1280:720[p];[0][p]overlay=enable='${enable}'`,
    '-t', String(DURATION_S), '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-g', '50', `${videoFile}.tmp.mp4`,
  ]);
  fs.renameSync(`${videoFile}.tmp.mp4`, videoFile);
}
const bytes = fs.readFileSync(videoFile);

const config = loadConfig({ ...process.env, DATA_DIR: work, MODELS_DIR: process.env.MODELS_DIR ?? path.join(os.tmpdir(), 'crs-e2e-models'), LOG_LEVEL: 'silent' });
const logger = createLogger('bench', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);
const image = createImageClassifierPlugin();
const video = createVideoPlugin();
for (const p of [image, video]) await p.init({ logger, modelsDir: config.modelsDir, config, redis: null, blobs });

const store = async (data, contentType) => {
  const id = randomUUID();
  await blobs.put({ id, tenant: 'bench', size: data.length, contentType, sha256: '', createdAt: Date.now() }, data);
  return id;
};
class Suspended extends Error {
  constructor(inputs, state) {
    super('suspended');
    Object.assign(this, { inputs, state });
  }
}
const ctx = (extra = {}) => ({
  jobId: randomUUID(), tenant: 'bench', logger, signal: new AbortController().signal, progress: async () => undefined,
  modelsDir: config.modelsDir, blobs, local: { has: () => false, run: async () => undefined },
  storeMedia: store, fanOut: async (_task, inputs, state) => { throw new Suspended(inputs, state); }, resumed: null, ...extra,
});
/** Runs image.moderate on each input, `concurrency` at a time, as the image workers would. */
async function moderateFrames(inputs, concurrency = 4) {
  const results = new Array(inputs.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = { ok: true, value: await image.process('image.moderate', parseTaskInput('image.moderate', inputs[i]), ctx()) };
    }
  }));
  return results;
}

// video.moderate: the plugin's two runs around the fan-out, children moderated in-process.
const videoId = await store(bytes, 'video/mp4');
const input = parseTaskInput('video.moderate', { video: { fileId: videoId }, thresholds: THRESHOLDS });
let started = performance.now();
let suspended;
try {
  await video.process('video.moderate', input, ctx());
} catch (err) {
  if (!(err instanceof Suspended)) throw err;
  suspended = err;
}
const extractMs = performance.now() - started;
const results = await moderateFrames(suspended.inputs);
const ours = await video.process('video.moderate', input, ctx({ resumed: { state: suspended.state, results } }));
const oursMs = performance.now() - started;

// Naive: decode everything once through an fps filter that yields the same number of frames.
const durationMs = ours.durationMs;
const count = ours.sampledFrames;
const size = frameSize(1280, 720);
started = performance.now();
const { stdout } = await runTool(tools.ffmpeg.path, [
  '-hide_banner', '-loglevel', 'error', '-i', videoFile, '-an', '-vf', `fps=${count}/${durationMs / 1000},scale=${size.width}:${size.height}`,
  '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1',
], { timeoutMs: 30 * 60_000 });
const jpegs = [];
for (let start = 0; start < stdout.length; ) {
  const end = stdout.indexOf(Buffer.from([0xff, 0xd9]), start + 2);
  if (end < 0) break;
  jpegs.push(stdout.subarray(start, end + 2));
  start = end + 2;
}
const naiveExtractMs = performance.now() - started;
const naiveIds = [];
for (const jpeg of jpegs) naiveIds.push(await store(jpeg, 'image/jpeg'));
const naiveResults = await moderateFrames(naiveIds.map((fileId) => ({ image: { fileId }, thresholds: THRESHOLDS })));
const naiveMs = performance.now() - started;
const naiveFlagged = naiveResults
  .map((r, i) => ({ verdict: r.value.verdict, offsetMs: Math.round(((i + 0.5) * durationMs) / jpegs.length) }))
  .filter((f) => f.verdict !== 'pass');

const interval = durationMs / count;
const found = (frames) =>
  FLAGGED.map((t) => frames.some((f) => f.offsetMs >= t * 1000 - interval && f.offsetMs <= (t + 8) * 1000 + interval));
const falseHits = (frames) => frames.filter((f) => !FLAGGED.some((t) => f.offsetMs >= t * 1000 - interval && f.offsetMs <= (t + 8) * 1000 + interval)).length;
const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`.padStart(9);
console.log(`video.moderate on ${os.cpus().length} cores: ${DURATION_S} s of 1280×720 H.264 (moving pattern, libx264 defaults, GOP 2 s), ${count} frames by the contract, flagged segments at ${FLAGGED.join(', ')} s`);
console.log(`ffmpeg: ${tools.ffmpeg.source}; ${config.video.ffmpegParallel} ffmpeg processes in parallel`);
console.log('                                   extract     total   flagged segments found   other flagged frames');
console.log(`video.moderate (seek + parallel) ${fmt(extractMs)} ${fmt(oursMs)}   ${found(ours.frames).filter(Boolean).length}/${FLAGGED.length}                      ${falseHits(ours.frames)}`);
console.log(`naive (decode all, fps filter)   ${fmt(naiveExtractMs)} ${fmt(naiveMs)}   ${found(naiveFlagged).filter(Boolean).length}/${FLAGGED.length}                      ${falseHits(naiveFlagged)}`);
console.log(`speed-up: ${(naiveMs / oursMs).toFixed(1)}× in total, ${(naiveExtractMs / extractMs).toFixed(1)}× for extraction (aim ≥ 5×)`);
console.log(`flagged offsets (s): ${ours.frames.map((f) => (f.offsetMs / 1000).toFixed(1)).join(', ')}`);
await image.close();
fs.rmSync(work, { recursive: true, force: true });
