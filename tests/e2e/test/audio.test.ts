import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, locateFfmpeg, type TaskPlugin } from '@crs/core';
import { requires } from '@crs/core/testing';
import { createAudioPlugin } from '@crs/plugin-audio';
import { hasTestRecogniser, speechFile } from '@crs/plugin-audio/testing';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { createWorkerHost, type WorkerHost } from '@crs/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withProcess } from './helpers/delayedPlugin.mjs';
import { startStack, type Stack } from './helpers/stack.js';

describe('audio.moderate end to end', () => {
  let stack: Stack;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-e2e-audio-'));
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    execFileSync('espeak-ng', ['-w', file('speech.wav'), 'please send me your account number']);
    execFileSync(locateFfmpeg()!.ffmpeg.path, ['-v', 'error', '-i', file('speech.wav'), '-ar', '16000', '-ac', '1', file('speech16k.mp3')]);
    execFileSync('sox', [file('speech.wav'), '-r', '6000', '-c', '1', file('speech6k.wav')]);
    stack = await startStack({ plugins: [createAudioPlugin()] });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const submit = (bytes: Buffer) =>
    stack.call('POST', '/v1/jobs', { body: { task: 'audio.moderate', input: { audio: { base64: bytes.toString('base64') } } }, headers: { prefer: 'wait=30' } });

  it('returns the speech segments of an mp3 and says transcription is unavailable', async () => {
    const res = await submit(fs.readFileSync(file('speech16k.mp3')));
    expect(res.body.status).toBe('succeeded');
    const out = res.body.result;
    expect(out.sampleRate).toBe(16000);
    expect(out.segments.length).toBeGreaterThanOrEqual(1);
    expect(out.segments[0].startMs).toBeLessThan(500);
    expect(out.asr).toMatchObject({ status: 'unavailable', code: 'asr_unavailable' });
    expect(out.verdict).toBe('review');
  }, 60_000);

  it('refuses audio sampled below 8 kHz with sample_rate_too_low, once', async () => {
    const res = await submit(fs.readFileSync(file('speech6k.wav')));
    expect(res.body).toMatchObject({ status: 'failed', error: { code: 'sample_rate_too_low' } });
    expect((await stack.ctx.queues.task('audio.moderate').getJob(res.body.id))?.attemptsMade).toBe(1);
  }, 60_000);
});

const sphinx = requires(hasTestRecogniser(), 'pocketsphinx with its English model and flite (apt-get install pocketsphinx pocketsphinx-en-us flite)');

/** Counts the audio.transcribe jobs a worker ran, to see the chunks spread. */
function counted(plugin: TaskPlugin, counter: { n: number }): TaskPlugin {
  return withProcess(plugin, (task, input, ctx) => {
    if (task === 'audio.transcribe') counter.n++;
    return plugin.process(task, input, ctx);
  });
}

describe.skipIf(sphinx.skip)(sphinx.title('audio.moderate with speech to text, end to end'), () => {
  let stack: Stack;
  let second: WorkerHost;
  const first = { n: 0 };
  const other = { n: 0 };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-e2e-asr-'));
  let spread: Buffer;

  beforeAll(async () => {
    // Three phrases 8 s apart: with 10 s chunks, three audio.transcribe jobs.
    spread = fs.readFileSync(speechFile(dir, 'spread', ['you are a stupid idiot and i will kill you', 'the weather is nice today', 'click the link for free followers'], 8).file);
    const env = { ASR_ENGINE: 'pocketsphinx', AUDIO_CHUNK_SECONDS: '10' };
    stack = await startStack({ plugins: [createTextModerationPlugin(), counted(createAudioPlugin(), first)], env });
    // A second worker process's worth of plugins on the same Redis: it takes chunks too.
    second = await createWorkerHost({
      config: stack.config,
      logger: createLogger('test', 'silent'),
      plugins: [createTextModerationPlugin(), counted(createAudioPlugin(), other)],
      webhooks: false,
    });
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await stack?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const submit = (task: string, input: Record<string, unknown>) =>
    stack.call('POST', '/v1/jobs', { body: { task, input: { audio: { base64: spread.toString('base64') }, ...input } }, headers: { prefer: 'wait=90' } });

  it('transcribes chunks on both workers and moderates each segment, with its words, labels and hits', async () => {
    const res = await submit('audio.moderate', {});
    expect(res.body.status).toBe('succeeded');
    const out = res.body.result;
    expect(out.asr).toMatchObject({ status: 'done', engine: 'pocketsphinx/en-us', chunks: 3 });
    expect(first.n + other.n).toBe(3);
    expect(first.n).toBeGreaterThan(0);
    expect(other.n).toBeGreaterThan(0);
    const [insult, weather, advert] = out.segments;
    expect(out.segments).toHaveLength(3);
    expect(insult.text).toMatch(/idiot/);
    const label = (segment: { labels: { category: string }[] }, category: string) => segment.labels.find((l) => l.category === category);
    expect(label(insult, 'abuse')).toMatchObject({ score: expect.any(Number), verdict: expect.stringMatching(/review|block/) });
    expect(insult.verdict).not.toBe('pass');
    const hit = insult.hits.find((h: { word: string }) => h.word === 'idiot');
    expect([...insult.text].slice(hit.start, hit.end).join('')).toBe(hit.matched);
    expect(weather.verdict).toBe('pass');
    expect(weather.labels.every((l: { score: number }) => l.score === 0)).toBe(true);
    expect(weather.text).toMatch(/weather/);
    expect(label(advert, 'ad')).toMatchObject({ verdict: expect.stringMatching(/review|block/) });
    expect(weather.startMs).toBeGreaterThan(insult.endMs + 7_000);
    expect(out.verdict).toBe(insult.verdict === 'block' || advert.verdict === 'block' ? 'block' : 'review');
    expect(out.labels.slice(0, 2).map((l: { category: string }) => l.category).sort()).toEqual(['abuse', 'ad']);
  }, 120_000);

  it('applies the request thresholds to each segment', async () => {
    const res = await submit('audio.moderate', { categories: ['abuse'], thresholds: { abuse: { review: 0.99, block: 1 } } });
    expect(res.body.status).toBe('succeeded');
    const out = res.body.result;
    expect(out.segments[0].labels).toEqual([{ category: 'abuse', score: expect.any(Number), verdict: 'pass', source: 'lexicon' }]);
    expect(out.segments[0].labels[0].score).toBeGreaterThan(0.5);
    expect(out.segments[2].labels).toEqual([{ category: 'abuse', score: 0, verdict: 'pass' }]);
    expect(out.verdict).toBe('pass');
  }, 120_000);

  it('serves audio.transcribe on its own, with times in the caller\'s recording', async () => {
    const res = await submit('audio.transcribe', { offsetMs: 60_000 });
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result.engine).toBe('pocketsphinx/en-us');
    expect(res.body.result.segments.map((s: { text: string }) => s.text).join(' ')).toMatch(/weather is nice today/);
    expect(res.body.result.segments[0].startMs).toBeGreaterThan(68_000);
  }, 120_000);
});
