import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, FsBlobStore, loadConfig, locateFfmpeg, parseTaskInput, type ChildResult, type JobContext, type TaskName, type TaskPlugin } from '@crs/core';
import { requires, requiresAll } from '@crs/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudioPlugin, decodePcm16k, encodeWav16k, parseHypotheses, planChunks, splitLongSegments } from '../src/index.js';
import { hasTestRecogniser, speechFile } from '../src/testing.js';

/**
 * Speech to text through the distribution's pocketsphinx (English), the engine
 * every Debian machine can install offline; sherpa-onnx is tested where its
 * model is installed. Voice detection is the model models/ ships.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-asr-'));
const logger = createLogger('test', 'silent');
const base = { DATA_DIR: dir, REDIS_URL: process.env.REDIS_URL };
const blobs = new FsBlobStore(loadConfig(base).blobs.dir);
/** An absolute path on the server (after a space, a bracket or a quote): never in what callers see. */
const ABSOLUTE_PATH = /(^|[\s('"=:])\/[^\s/]+\//;
const sphinx = requires(hasTestRecogniser(), 'pocketsphinx with its English model and flite (apt-get install pocketsphinx pocketsphinx-en-us flite)');

async function pluginWith(env: Record<string, string>): Promise<TaskPlugin> {
  const config = loadConfig({ ...base, ...env });
  const plugin = createAudioPlugin();
  await plugin.init({ logger, modelsDir: config.modelsDir, config, redis: null as never, blobs });
  return plugin;
}

async function store(file: string): Promise<string> {
  const bytes = fs.readFileSync(file);
  const id = randomUUID();
  await blobs.put({ id, tenant: 't', size: bytes.length, contentType: 'audio/wav', sha256: '', createdAt: Date.now() }, bytes);
  return id;
}

class Suspended extends Error {
  constructor(
    readonly task: string,
    readonly inputs: unknown[],
    readonly state: unknown,
  ) {
    super('suspended');
  }
}

const ctx = (resumed: JobContext['resumed'] = null): JobContext => ({
  jobId: randomUUID(),
  tenant: 't',
  logger,
  signal: new AbortController().signal,
  progress: async () => undefined,
  modelsDir: dir,
  blobs,
  local: { has: () => false, run: () => Promise.reject(new Error('none')) },
  async storeMedia(bytes, contentType) {
    const id = randomUUID();
    await blobs.put({ id, tenant: 't', size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes);
    return id;
  },
  fanOut: (task, inputs, state) => Promise.reject(new Suspended(task, inputs, state)),
  resumed,
});

type Out = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A job's runs as the worker makes them: children of a fan-out run one by one (optionally failing), then the parent again. */
async function run(plugin: TaskPlugin, task: TaskName, input: unknown, fail: Set<number> = new Set()): Promise<{ out: Out; children: number }> {
  const parsed = parseTaskInput(task, input);
  try {
    return { out: (await plugin.process(task, parsed, ctx())) as Out, children: 0 };
  } catch (err) {
    if (!(err instanceof Suspended)) throw err;
    const results: ChildResult[] = [];
    for (const [i, child] of err.inputs.entries()) {
      if (fail.has(i)) results.push({ ok: false, error: { code: 'internal_error', message: 'worker lost' } });
      else results.push({ ok: true, value: await plugin.process(err.task as TaskName, parseTaskInput(err.task as TaskName, child), ctx()) });
    }
    return { out: (await plugin.process(task, parsed, ctx({ state: err.state, results }))) as Out, children: err.inputs.length };
  }
}

const PHRASES = ['you are a stupid idiot and i will kill you', 'the weather is nice today', 'click the link for free followers'];

describe('chunk planning', () => {
  it('cuts a long segment at its quietest window between 15 and 28 s', () => {
    const probs = new Float32Array(Math.ceil(70_000 / 32)).fill(0.9);
    probs[Math.round(20_000 / 32)] = 0.2;
    const out = splitLongSegments([{ startMs: 0, endMs: 70_000 }, { startMs: 71_000, endMs: 72_000 }], probs);
    expect(out[0]).toEqual({ startMs: 0, endMs: Math.round(20_000 / 32) * 32 });
    expect(out.every((s) => s.endMs - s.startMs <= 28_000)).toBe(true);
    expect(out.at(-1)).toEqual({ startMs: 71_000, endMs: 72_000 });
    expect(out.at(-2)!.endMs).toBe(70_000);
  });

  it('groups segments into chunks spanning at most the chunk length', () => {
    const segs = [0, 4, 8, 30, 33, 80].map((s) => ({ startMs: s * 1000, endMs: s * 1000 + 2000 }));
    expect(planChunks(segs, 10_000).map((c) => c.length)).toEqual([3, 2, 1]);
    expect(planChunks(segs, 1_000).map((c) => c.length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(planChunks([], 10_000)).toEqual([]);
  });

  it('writes 16 kHz WAV that ffmpeg reads back sample for sample', async () => {
    const pcm = Float32Array.from({ length: 16_000 }, (_, i) => 0.5 * Math.sin(i / 10));
    const file = path.join(dir, 'sine.wav');
    fs.writeFileSync(file, encodeWav16k(pcm));
    const back = await decodePcm16k(locateFfmpeg()!.ffmpeg.path, file, 10_000);
    expect(back.length).toBe(pcm.length);
    expect(Math.max(...back.map((v, i) => Math.abs(v - pcm[i]!)))).toBeLessThan(1e-4);
  });

  it('reads pocketsphinx hypotheses, empty ones included', () => {
    expect(parseHypotheses('hello world (s0 -1234)\n (s1 -5)\nclick the link (s2 12)\n')).toEqual(
      new Map([
        ['s0', 'hello world'],
        ['s1', ''],
        ['s2', 'click the link'],
      ]),
    );
  });
});

describe.skipIf(sphinx.skip)(sphinx.title('speech to text (pocketsphinx)'), () => {
  let inline: TaskPlugin;
  let chunked: TaskPlugin;
  let near = '';
  let spread = '';
  let truth: { startMs: number; endMs: number }[] = [];
  beforeAll(async () => {
    inline = await pluginWith({ ASR_ENGINE: 'pocketsphinx' });
    chunked = await pluginWith({ ASR_ENGINE: 'pocketsphinx', AUDIO_CHUNK_SECONDS: '10' });
    near = speechFile(dir, 'near', PHRASES, 1.5).file;
    const far = speechFile(dir, 'far', PHRASES, 8);
    spread = far.file;
    truth = far.truth;
  }, 60_000);
  afterAll(async () => {
    await inline?.close();
    await chunked?.close();
  });

  it('transcribes each speech segment in one job, and sends unchecked words to review', async () => {
    const { out, children } = await run(inline, 'audio.moderate', { audio: { fileId: await store(near) } });
    process.stdout.write(`asr ${JSON.stringify(out.segments.map((s: Out) => s.text))}\n`);
    expect(children).toBe(0);
    expect(out.asr).toMatchObject({ status: 'done', engine: 'pocketsphinx/en-us', chunks: 1 });
    expect(out.segments).toHaveLength(3);
    expect(out.segments[0].text).toMatch(/stupid idiot/);
    expect(out.segments[1].text).toMatch(/weather is nice/);
    expect(out.segments[2].text).toMatch(/click the link for free followers/);
    // Text moderation is not in this process: words are reported, not passed unchecked.
    for (const s of out.segments) expect(s).toMatchObject({ verdict: 'review', error: { code: 'moderation_unavailable' } });
  }, 60_000);

  it('cuts long speech into chunks, transcribes them as separate jobs and puts the timeline back together', async () => {
    const { out, children } = await run(chunked, 'audio.moderate', { audio: { fileId: await store(spread) } });
    expect(children).toBe(3);
    expect(out.asr).toMatchObject({ status: 'done', chunks: 3 });
    expect(out.segments).toHaveLength(3);
    out.segments.forEach((s: Out, i: number) => {
      expect(Math.abs(s.startMs - truth[i]!.startMs), `segment ${i} start`).toBeLessThanOrEqual(100);
      expect(Math.abs(s.endMs - truth[i]!.endMs), `segment ${i} end`).toBeLessThanOrEqual(100);
    });
    const single = await run(inline, 'audio.moderate', { audio: { fileId: await store(spread) } });
    expect(single.children).toBe(0);
    expect(out.segments.map((s: Out) => s.text)).toEqual(single.out.segments.map((s: Out) => s.text));
  }, 120_000);

  it('lists a chunk that failed for review with its error, and keeps the others', async () => {
    const { out } = await run(chunked, 'audio.moderate', { audio: { fileId: await store(spread) } }, new Set([1]));
    expect(out.segments).toHaveLength(3);
    expect(out.segments[1]).toMatchObject({ verdict: 'review', error: { code: 'internal_error' } });
    expect(out.segments[1].text).toBeUndefined();
    expect(out.segments[2].text).toMatch(/free followers/);
    expect(out.asr.message).toMatch(/1 of 3 chunks/);
    expect(out.verdict).toBe('review');
  }, 120_000);

  it('audio.transcribe finds the speech itself when no segments are given', async () => {
    const { out } = await run(inline, 'audio.transcribe', { audio: { fileId: await store(near) }, offsetMs: 1000 });
    expect(out.engine).toBe('pocketsphinx/en-us');
    expect(out.segments).toHaveLength(3);
    expect(out.segments[0].startMs).toBeGreaterThanOrEqual(1000 + 1400);
    // Given segments must lie inside the audio.
    await expect(run(inline, 'audio.transcribe', { audio: { fileId: await store(near) }, segments: [{ startMs: 0, endMs: 60_000 }] })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('segments[0] ends at 60000 ms'),
    });
  }, 60_000);
});

describe('without a speech-to-text model', () => {
  it('says so in the result and names the command, and audio.transcribe answers model_not_installed', async () => {
    const plugin = await pluginWith({ ASR_ENGINE: 'auto', ASR_MODEL: 'sensevoice' });
    const tone = path.join(dir, 'tone.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', tone, 'synth', '1', 'sine', '440', 'vol', '0.1']);
    const { out } = await run(plugin, 'audio.moderate', { audio: { fileId: await store(tone) } });
    expect(out.asr).toMatchObject({ status: 'unavailable', code: 'asr_unavailable', message: expect.stringContaining('npm run models -- fetch sensevoice') });
    expect(out.asr.message).not.toMatch(ABSOLUTE_PATH);
    await expect(run(plugin, 'audio.transcribe', { audio: { fileId: await store(tone) } })).rejects.toMatchObject({ code: 'model_not_installed' });
    await plugin.close();
  }, 60_000);

  it('starts with a damaged sherpa-onnx model and says it could not be loaded', async () => {
    // Where `npm run models` installs: DATA_DIR/models.
    const model = path.join(dir, 'models/asr/broken');
    fs.mkdirSync(model, { recursive: true });
    fs.writeFileSync(path.join(model, 'tokens.txt'), '<blk> 0\na 1\n');
    fs.writeFileSync(path.join(model, 'model.int8.onnx'), Buffer.alloc(4096, 7));
    const plugin = await pluginWith({ ASR_ENGINE: 'sherpa-onnx', ASR_MODEL: 'broken' });
    const tone = path.join(dir, 'tone2.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', tone, 'synth', '1', 'sine', '440', 'vol', '0.1']);
    const { out } = await run(plugin, 'audio.moderate', { audio: { fileId: await store(tone) } });
    expect(out.asr).toMatchObject({ status: 'unavailable', code: 'asr_unavailable', message: expect.stringContaining('could not be loaded') });
    // The runtime's own error names the model file's path on disk: that goes to the log, not to callers.
    expect(out.asr.message).not.toMatch(ABSOLUTE_PATH);
    await plugin.close();
  }, 60_000);
});

/**
 * Runs wherever `npm run models -- fetch|import sensevoice` has installed the model (MODELS_DIR,
 * MODELS_EXTRA_DIRS or the default DATA_DIR/models of the checkout): it is not in the repository.
 */
const installed = loadConfig({ REDIS_URL: process.env.REDIS_URL });
const sherpaModel = [installed.modelsDir, ...installed.modelsExtraDirs].some((d) => fs.existsSync(path.join(d, 'asr/sensevoice/tokens.txt')));
const sherpa = requiresAll(requires(sherpaModel, 'the SenseVoice speech-recognition model', { unavailableInCi: true }), sphinx);
describe.skipIf(sherpa.skip)(sherpa.title('speech to text (sherpa-onnx SenseVoice)'), () => {
  it('transcribes English speech', async () => {
    const plugin = await pluginWith({ ASR_ENGINE: 'sherpa-onnx', ASR_MODEL: 'sensevoice' });
    const { out } = await run(plugin, 'audio.moderate', { audio: { fileId: await store(speechFile(dir, 'sv', PHRASES, 1.5).file) } });
    expect(out.asr).toMatchObject({ status: 'done', engine: 'sherpa-onnx/sensevoice' });
    expect(out.segments.map((s: Out) => s.text.toLowerCase()).join(' ')).toMatch(/weather/);
    await plugin.close();
  }, 120_000);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
