// Real-time factor of audio.moderate's decode + voice detection on a 10-minute file (speech from
// espeak-ng between pauses, as an MP3), and of speech to text with every engine installed here
// (sherpa-onnx when its model is in MODELS_DIR/asr, pocketsphinx when the distribution's package
// is), measured in this run. RTF = processing time / audio length. Needs espeak-ng and the VAD model
// (shipped in models/; MODELS_EXTRA_DIRS adds directories for optional ones such as speech recognition); run through `npm run bench`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { createLogger, findModel, loadConfig, locateFfmpeg } from '@crs/core';
import { decodePcm16k, loadAsr, speechProbabilities, speechSegments, splitLongSegments, VAD_MODEL } from '../dist/index.js';

const SECONDS = Number(process.env.BENCH_AUDIO_SECONDS ?? 600);
const config = loadConfig({ ...process.env });
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
const speechMs = segments.reduce((sum, s) => sum + s.endMs - s.startMs, 0);
const spans = splitLongSegments(segments, probs);
const logger = createLogger('bench', 'silent');
let engines = 0;
for (const engine of ['sherpa-onnx', 'pocketsphinx']) {
  const { engine: asr } = await loadAsr({ ...config, asr: { ...config.asr, engine } }, logger);
  if (!asr) continue;
  engines++;
  t = performance.now();
  const texts = await asr.transcribe(pcm, spans, new AbortController().signal);
  const asrMs = performance.now() - t;
  const words = texts.join(' ').split(/\s+/).filter(Boolean).length;
  console.log(`speech to text (${asr.name.padEnd(22)}) ${(asrMs / 1000).toFixed(2).padStart(6)} s   RTF ${(asrMs / audioMs).toFixed(4)} of the file, ${(asrMs / speechMs).toFixed(4)} of its ${(speechMs / 60000).toFixed(1)} min of speech; ${words} words`);
  await asr.close();
}
if (!engines) console.log('speech to text: no engine installed (npm run models -- fetch sensevoice, or apt-get install pocketsphinx pocketsphinx-en-us), not measured');
fs.rmSync(dir, { recursive: true, force: true });
