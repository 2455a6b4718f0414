// Real-time factor of audio.moderate's decode + voice detection on a 10-minute file (speech from
// espeak-ng between pauses, as an MP3), measured in this run. RTF = processing time / audio length;
// speech to text is not installed yet, so it is not measured. Needs espeak-ng and the VAD model
// (MODELS_DIR or MODELS_EXTRA_DIRS, e.g. ../shared/models); run through `npm run bench`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { findModel, loadConfig, locateFfmpeg } from '@crs/core';
import { decodePcm16k, speechProbabilities, speechSegments, VAD_MODEL } from '../dist/index.js';

const SECONDS = Number(process.env.BENCH_AUDIO_SECONDS ?? 600);
const shared = path.resolve(import.meta.dirname, '../../../../shared/models');
const config = loadConfig({ ...process.env, MODELS_EXTRA_DIRS: process.env.MODELS_EXTRA_DIRS ?? shared });
let model;
try {
  model = findModel(config, VAD_MODEL, 'vad');
} catch {
  console.log('audio bench skipped: the voice model is not installed (npm run models -- fetch vad)');
  process.exit(0);
}
const tools = locateFfmpeg();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-audiobench-'));
const speech = path.join(dir, 'speech.wav');
execFileSync('espeak-ng', ['-w', speech, 'this is a sentence spoken for the benchmark, followed by a pause']);
// Speech and two seconds of silence, looped to the length wanted, as a 16 kHz MP3.
const unit = path.join(dir, 'unit.wav');
execFileSync('sox', [speech, unit, 'pad', '0', '2']);
const file = path.join(dir, 'long.mp3');
execFileSync(tools.ffmpeg.path, ['-v', 'error', '-stream_loop', '-1', '-i', unit, '-t', String(SECONDS), '-ar', '16000', '-ac', '1', file]);
const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });

let t = performance.now();
const pcm = await decodePcm16k(tools.ffmpeg.path, file, 10 * 60_000);
const decodeMs = performance.now() - t;
t = performance.now();
const probs = await speechProbabilities(session, pcm);
const segments = speechSegments(probs, pcm.length);
const vadMs = performance.now() - t;
const audioMs = (pcm.length / 16000) * 1000;
console.log(`audio.moderate on ${os.cpus().length} cores: ${(audioMs / 60000).toFixed(1)} min MP3, ${segments.length} speech segments found`);
console.log(`decode (ffmpeg → 16 kHz)   ${(decodeMs / 1000).toFixed(2).padStart(6)} s   RTF ${(decodeMs / audioMs).toFixed(4)}`);
console.log(`voice detection (Silero)   ${(vadMs / 1000).toFixed(2).padStart(6)} s   RTF ${(vadMs / audioMs).toFixed(4)}`);
console.log(`decode + VAD               ${((decodeMs + vadMs) / 1000).toFixed(2).padStart(6)} s   RTF ${((decodeMs + vadMs) / audioMs).toFixed(4)} (${(audioMs / (decodeMs + vadMs)).toFixed(0)}× faster than real time)`);
console.log('speech to text: not installed, not measured');
fs.rmSync(dir, { recursive: true, force: true });
