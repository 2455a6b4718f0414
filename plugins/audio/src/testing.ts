import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/*
 * Speech for tests and benchmarks, made on the machine
 * (`@crs/plugin-audio/testing`): espeak-ng or flite voices, sox silences.
 */

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' });

/** Whether this machine has what the speech-to-text tests need: flite voices and Debian's pocketsphinx with its English model. */
export function hasTestRecogniser(): boolean {
  try {
    sh('sh', ['-c', 'command -v pocketsphinx_batch && command -v flite']);
    return fs.existsSync('/usr/share/pocketsphinx/model/en-us/en-us');
  } catch {
    return false;
  }
}

/**
 * A phrase spoken by `voice` as 16 kHz mono 16-bit WAV, and where its voiced
 * samples start and end (ms). The synthesisers' silence is digital zero:
 * anything above −60 dBFS is the voice, tails included.
 */
export function speak(dir: string, name: string, text: string, voice: 'espeak' | 'flite'): { file: string; startMs: number; endMs: number; lengthMs: number } {
  const raw = path.join(dir, `${name}-raw.wav`);
  const file = path.join(dir, `${name}.wav`);
  if (voice === 'espeak') sh('espeak-ng', ['-v', 'en', '-s', '150', '-w', raw, text]);
  // rms: the flite voice the distribution's English recogniser reads best.
  else sh('flite', ['-voice', 'rms', '-t', text, '-o', raw]);
  sh('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', file]);
  const pcm = fs.readFileSync(file).subarray(44);
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i]!) > 32) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return { file, startMs: first / 16, endMs: last / 16, lengthMs: samples.length / 16 };
}

/**
 * Phrases in a flite voice with `gapSeconds` of silence before, between and
 * after them, as one file; returns where each phrase's voice is (ms).
 */
export function speechFile(dir: string, name: string, phrases: string[], gapSeconds: number): { file: string; truth: { startMs: number; endMs: number }[] } {
  const gap = path.join(dir, `${name}-gap.wav`);
  sh('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', gap, 'trim', '0', String(gapSeconds)]);
  const parts = [gap];
  const truth: { startMs: number; endMs: number }[] = [];
  let at = gapSeconds * 1000;
  phrases.forEach((text, i) => {
    const spoken = speak(dir, `${name}-${i}`, text, 'flite');
    truth.push({ startMs: at + spoken.startMs, endMs: at + spoken.endMs });
    at += spoken.lengthMs + gapSeconds * 1000;
    parts.push(spoken.file, gap);
  });
  const file = path.join(dir, `${name}.wav`);
  sh('sox', [...parts, file]);
  return { file, truth };
}

/**
 * A long recording without a model or a voice of its own: an espeak-ng phrase
 * and `pauseSeconds` of silence, looped by ffmpeg to `seconds`, as a 44.1 kHz
 * MP3 (what a caller would send, decoded and resampled like one).
 */
export function loopedSpeechFile(ffmpeg: string, dir: string, name: string, seconds: number, pauseSeconds = 2): string {
  const phrase = path.join(dir, `${name}-phrase.wav`);
  sh('espeak-ng', ['-w', phrase, 'this is a sentence spoken for the benchmark, followed by a pause']);
  const unit = path.join(dir, `${name}-unit.wav`);
  sh(ffmpeg, ['-v', 'error', '-y', '-i', phrase, '-ar', '16000', '-af', `apad=pad_len=${16_000 * pauseSeconds}`, unit]);
  const file = path.join(dir, `${name}.mp3`);
  sh(ffmpeg, ['-v', 'error', '-y', '-stream_loop', '-1', '-i', unit, '-t', String(seconds), '-ar', '44100', '-ac', '1', '-b:a', '64k', file]);
  return file;
}

/** `seconds` of digital silence as a 44.1 kHz MP3. */
export function silentFile(ffmpeg: string, dir: string, name: string, seconds: number): string {
  const file = path.join(dir, `${name}.mp3`);
  sh(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono', '-t', String(seconds), '-b:a', '64k', file]);
  return file;
}
