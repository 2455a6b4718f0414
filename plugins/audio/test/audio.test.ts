import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, FsBlobStore, loadConfig, parseTaskInput, type TaskPlugin } from '@crs/core';
import { standaloneJobContext } from '@crs/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudioPlugin } from '../src/index.js';
import { speak } from '../src/testing.js';

/**
 * Test audio made on the machine: espeak-ng speech and sox silence. The truth
 * is where the speech's samples are, measured from the generated pieces.
 * The voice model is the one models/ ships.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-audio-'));
const config = loadConfig({ DATA_DIR: dir, REDIS_URL: process.env.REDIS_URL });
const logger = createLogger('test', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);
let plugin: TaskPlugin;

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' });

async function store(file: string): Promise<string> {
  const bytes = fs.readFileSync(file);
  const id = randomUUID();
  await blobs.put({ id, tenant: 't', size: bytes.length, contentType: 'audio/wav', sha256: '', createdAt: Date.now() }, bytes);
  return id;
}

const ctx = () => standaloneJobContext({ tenant: 't', logger, modelsDir: config.modelsDir, blobs });
const moderate = async (file: string) =>
  plugin.process('audio.moderate', parseTaskInput('audio.moderate', { audio: { fileId: await store(file) } }), ctx()) as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

let truth: { startMs: number; endMs: number }[] = [];
let mixed = '';

beforeAll(async () => {
  plugin = createAudioPlugin();
  await plugin.init({ logger, modelsDir: config.modelsDir, config, redis: null as never, blobs });
  const a = speak(dir, 'a', 'hello world this is the first sentence', 'espeak');
  const b = speak(dir, 'b', 'and here comes the second one', 'espeak');
  const silence = (s: number, name: string) => {
    const file = path.join(dir, `${name}.wav`);
    sh('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'trim', '0', String(s)]);
    return file;
  };
  mixed = path.join(dir, 'mixed.wav');
  sh('sox', [silence(0.5, 's1'), a.file, silence(1.5, 's2'), b.file, silence(0.5, 's3'), mixed]);
  const bAt = 500 + a.lengthMs + 1500;
  truth = [
    { startMs: 500 + a.startMs, endMs: 500 + a.endMs },
    { startMs: bAt + b.startMs, endMs: bAt + b.endMs },
  ];
}, 60_000);
afterAll(async () => {
  await plugin?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audio.moderate', () => {
  it('finds speech-silence-speech within 100 ms of the truth, and says transcription is unavailable', async () => {
    const out = await moderate(mixed);
    process.stdout.write(`vad ${JSON.stringify(out.segments.map((x: { startMs: number; endMs: number }) => [x.startMs, x.endMs]))} truth ${JSON.stringify(truth.map((t) => [Math.round(t.startMs), Math.round(t.endMs)]))}\n`);
    expect(out.sampleRate).toBe(16000);
    expect(out.segments).toHaveLength(2);
    out.segments.forEach((s: { startMs: number; endMs: number }, i: number) => {
      expect(Math.abs(s.startMs - truth[i]!.startMs), `segment ${i} start`).toBeLessThanOrEqual(100);
      expect(Math.abs(s.endMs - truth[i]!.endMs), `segment ${i} end`).toBeLessThanOrEqual(100);
    });
    expect(out.asr).toMatchObject({ status: 'unavailable', code: 'asr_unavailable' });
    expect(out.verdict).toBe('review');
  }, 60_000);

  it('accepts 8 kHz and refuses 6 kHz with sample_rate_too_low', async () => {
    const at8k = path.join(dir, 'mixed-8k.wav');
    const at6k = path.join(dir, 'mixed-6k.mp3');
    sh('sox', [mixed, '-r', '8000', at8k]);
    sh('sox', [mixed, '-r', '6000', path.join(dir, 'mixed-6k.wav')]);
    fs.renameSync(path.join(dir, 'mixed-6k.wav'), at6k);
    const ok = await moderate(at8k);
    process.stdout.write(`vad 8k ${JSON.stringify(ok.segments.map((x: { startMs: number; endMs: number }) => [x.startMs, x.endMs]))}\n`);
    expect(ok.sampleRate).toBe(8000);
    expect(ok.segments).toHaveLength(2);
    await expect(moderate(at6k)).rejects.toMatchObject({ code: 'sample_rate_too_low', status: 422 });
  }, 60_000);

  it('passes silence and tones, and refuses a file without sound', async () => {
    const tone = path.join(dir, 'tone.wav');
    sh('sox', ['-n', '-r', '16000', '-c', '1', tone, 'synth', '2', 'sine', '440', 'vol', '0.1']);
    const quiet = await moderate(tone);
    expect(quiet.segments).toEqual([]);
    expect(quiet.verdict).toBe('pass');
    const png = path.join(dir, 'x.png');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a', 'hex'));
    await expect(moderate(png)).rejects.toMatchObject({ code: expect.stringMatching(/corrupt_media|no_audio_stream/) });
  }, 60_000);
});
