// Memory of audio.moderate on long files: generates a 1-hour silent MP3 and a 1-hour speech-like one
// (espeak-ng phrases between pauses, looped), runs the plugin's process() on each in a child process,
// and prints the child's peak RSS growth over its RSS after init, sampled from /proc every 20 ms.
// Each file runs with speech to text off (decoding and voice detection) and, where pocketsphinx is
// installed, on: the decoded audio is kept for transcription and, for the speech, cut into chunk
// jobs (the run stops at the fan-out; each chunk job handles AUDIO_CHUNK_SECONDS of audio).
//
// "before" is the same measure on the code before decoding streamed: measured in this run when
// BENCH_AUDIO_BASELINE_DIST names a build of it, else the figures recorded on 2 cores for 1-hour files.
// To build it, from the repository's root:
//   mkdir -p /tmp/base && git archive 090669c plugins/audio tsconfig.base.json | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/
//   (cd /tmp/base/plugins/audio && "$OLDPWD/node_modules/.bin/tsc" -p tsconfig.build.json)
//   BENCH_AUDIO_BASELINE_DIST=/tmp/base/plugins/audio/dist node plugins/audio/scripts/memoryBench.mjs
// BENCH_AUDIO_MEMORY_SECONDS changes the length (3600).
// Needs the VAD model (shipped in models/; MODELS_EXTRA_DIRS adds directories for optional ones such as speech recognition); run after a build.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, FsBlobStore, findModel, loadConfig, locateFfmpeg, parseTaskInput } from '@crs/core';
import { hasTestRecogniser, loopedSpeechFile, silentFile } from '../dist/testing.js';

/** Peak growth (MB) on 1-hour files, recorded on the code before decoding streamed (commit 090669c, 2 cores). */
const RECORDED_BEFORE = { 'silent/off': 713, 'speech/off': 703, 'silent/pocketsphinx': 693, 'speech/pocketsphinx': 699 };

const SECONDS = Number(process.env.BENCH_AUDIO_MEMORY_SECONDS ?? 3600);
const BASELINE_DIST = process.env.BENCH_AUDIO_BASELINE_DIST;
const env = { ...process.env };
const mb = (bytes) => bytes / (1024 * 1024);

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5]);
else await parent();

/** One process() in a fresh process, so nothing of another run's heap is counted. */
async function child(file, asrEngine, dist) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-audiomem-child-'));
  const config = loadConfig({ ...env, DATA_DIR: dir, ASR_ENGINE: asrEngine });
  const logger = createLogger('bench', 'silent');
  const blobs = new FsBlobStore(config.blobs.dir);
  const { createAudioPlugin } = await import(path.join(dist, 'index.js'));
  const plugin = createAudioPlugin();
  await plugin.init({ logger, modelsDir: config.modelsDir, config, redis: null, blobs });
  const id = await store(blobs, file, 'audio/mpeg');
  let chunks = 0;
  const ctx = {
    jobId: randomUUID(),
    tenant: 't',
    logger,
    signal: new AbortController().signal,
    progress: async () => undefined,
    modelsDir: config.modelsDir,
    blobs,
    local: { has: () => false, run: () => Promise.reject(new Error('none')) },
    storeMedia: (bytes, contentType) => blobs.put({ id: randomUUID(), tenant: 't', size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes),
    // The job would wait for its chunk jobs here; the bench stops.
    fanOut: (_task, inputs) => {
      chunks = inputs.length;
      return Promise.reject(Object.assign(new Error('fanned out'), { fannedOut: true }));
    },
    resumed: null,
  };
  globalThis.gc?.();
  await new Promise((resolve) => {
    process.send({ ready: true });
    process.once('message', resolve);
  });
  const started = performance.now();
  let segments = '-';
  try {
    const out = await plugin.process('audio.moderate', parseTaskInput('audio.moderate', { audio: { fileId: id } }), ctx);
    segments = String(out.segments.length);
  } catch (err) {
    if (!err.fannedOut) throw err;
    segments = `${chunks} chunk jobs`;
  }
  process.send({ done: true, ms: performance.now() - started, segments });
  await plugin.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.disconnect();
}

/** The upload, stored before measuring (in a function of its own, so its bytes are garbage by then). */
async function store(blobs, file, contentType) {
  const id = randomUUID();
  const bytes = fs.readFileSync(file);
  await blobs.put({ id, tenant: 't', size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes);
  return id;
}

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a child on `file`; resolves with its RSS after init, its peak RSS during process(), and what it reported. */
function measure(file, asrEngine, dist) {
  return new Promise((resolve, reject) => {
    const proc = fork(import.meta.filename, ['--child', file, asrEngine, dist], { env, execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let base = 0;
    let peak = 0;
    let timer = null;
    let report = null;
    proc.on('message', (msg) => {
      if (msg.ready) {
        base = rssOf(proc.pid);
        peak = base;
        timer = setInterval(() => (peak = Math.max(peak, rssOf(proc.pid))), 20);
        proc.send({ go: true });
      } else if (msg.done) {
        peak = Math.max(peak, rssOf(proc.pid));
        clearInterval(timer);
        report = msg;
      }
    });
    proc.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0 && report) resolve({ base, growth: peak - base, ...report });
      else reject(new Error(`bench child exited with ${code}`));
    });
  });
}

async function parent() {
  try {
    findModel(loadConfig(env), 'speech-vad/silero_vad.onnx', 'vad');
  } catch {
    console.log('audio memory bench skipped: the voice model is not installed (npm run models -- fetch vad)');
    return;
  }
  const { ffmpeg } = locateFfmpeg();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-audiomem-'));
  try {
    const files = { silent: silentFile(ffmpeg.path, dir, 'silent', SECONDS) };
    try {
      files.speech = loopedSpeechFile(ffmpeg.path, dir, 'speech', SECONDS);
    } catch (err) {
      console.log(`(the speech-like file is skipped: ${err.message.split('\n')[0]}; it needs espeak-ng)`);
    }
    const engines = ['none', ...(hasTestRecogniser() ? ['pocketsphinx'] : [])];
    const dist = path.resolve(import.meta.dirname, '../dist');
    console.log(`audio.moderate memory on ${os.cpus().length} cores, ${(SECONDS / 60).toFixed(0)}-minute MP3s; before: ${BASELINE_DIST ? 'measured in this run' : SECONDS === 3600 ? 'recorded' : 'not known for this length'}`);
    console.log(`${'file'.padEnd(8)}${'speech to text'.padEnd(16)}${'RSS after init'.padStart(15)}${'peak growth'.padStart(13)}${'before'.padStart(9)}${'result'.padStart(18)}${'time'.padStart(9)}`);
    for (const [name, file] of Object.entries(files)) {
      for (const engine of engines) {
        const r = await measure(file, engine, dist);
        const recorded = SECONDS === 3600 ? RECORDED_BEFORE[`${name}/${engine === 'none' ? 'off' : engine}`] : undefined;
        const before = BASELINE_DIST ? `${mb((await measure(file, engine, path.resolve(BASELINE_DIST))).growth).toFixed(0)} MB` : recorded ? `${recorded} MB` : '-';
        const asr = engine === 'none' ? 'off' : engine;
        console.log(
          `${name.padEnd(8)}${asr.padEnd(16)}${`${mb(r.base).toFixed(0)} MB`.padStart(15)}${`${mb(r.growth).toFixed(0)} MB`.padStart(13)}${before.padStart(9)}${r.segments.padStart(18)}${`${(r.ms / 1000).toFixed(1)} s`.padStart(9)}`,
        );
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
