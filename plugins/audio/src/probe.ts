import { CorruptMediaError, NoAudioStreamError, probedDurationMs, probeMedia, SampleRateTooLowError } from '@crs/core';
import { decodeError, decodePcmBlocks } from './decodeStream.js';

export interface AudioInfo {
  sampleRate: number;
  durationMs: number;
  channels: number;
  codec: string;
}

export interface AudioLimits {
  minSampleRate: number;
  maxDurationSeconds: number;
  timeoutMs: number;
}

/** What ffprobe says of the file's first audio stream, refused with a clear code when it is not usable. */
export async function probeAudio(ffprobe: string, file: string, limits: AudioLimits, signal?: AbortSignal): Promise<AudioInfo> {
  const parsed = await probeMedia(ffprobe, file, 'audio', { timeoutMs: limits.timeoutMs, signal });
  const audio = parsed.streams?.find((s) => s.codec_type === 'audio');
  if (!audio) throw new NoAudioStreamError('the file has no audio stream');
  const sampleRate = Number(audio.sample_rate);
  if (!Number.isFinite(sampleRate) || sampleRate <= 0) throw new CorruptMediaError('the audio stream has no sample rate');
  if (sampleRate < limits.minSampleRate) {
    throw new SampleRateTooLowError(`the audio is sampled at ${sampleRate} Hz; at least ${limits.minSampleRate} Hz is required`, {
      details: { sampleRate, minimum: limits.minSampleRate },
    });
  }
  const durationMs = probedDurationMs(parsed, audio, 'audio', limits.maxDurationSeconds, 'the audio has no duration');
  return { sampleRate, durationMs, channels: audio.channels ?? 1, codec: audio.codec_name ?? 'unknown' };
}

/**
 * The whole recording as 16 kHz mono float PCM in [-1, 1], for short files and
 * tools; jobs scan long ones block by block (`scanAudio`).
 */
export async function decodePcm16k(ffmpeg: string, file: string, timeoutMs: number, signal?: AbortSignal): Promise<Float32Array> {
  const blocks: Float32Array[] = [];
  try {
    for await (const block of decodePcmBlocks(ffmpeg, file, { timeoutMs, signal })) blocks.push(block);
  } catch (err) {
    throw decodeError(err);
  }
  const pcm = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    pcm.set(b, at);
    at += b.length;
  }
  return pcm;
}
