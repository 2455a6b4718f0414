import { CorruptMediaError, mediaToolFailure, NoAudioStreamError, probedDurationMs, probeMedia, runTool, SampleRateTooLowError } from '@crs/core';

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

/** 16 kHz mono float PCM in [-1, 1], what the voice detector and recognisers take. */
export async function decodePcm16k(ffmpeg: string, file: string, timeoutMs: number, signal?: AbortSignal): Promise<Float32Array> {
  try {
    const { stdout } = await runTool(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-vn', '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1'], {
      timeoutMs,
      signal,
      maxOutputBytes: 16_000 * 4 * 3 * 3600 + 1,
    });
    // A fresh, aligned copy: the pipe's buffer may start at any byte offset.
    const copy = new Uint8Array(stdout.length - (stdout.length % 4));
    copy.set(stdout.subarray(0, copy.length));
    return new Float32Array(copy.buffer);
  } catch (err) {
    throw mediaToolFailure(err, 'audio');
  }
}
