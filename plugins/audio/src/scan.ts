import type * as ort from 'onnxruntime-node';
import { decodeError, decodePcmBlocks } from './decodeStream.js';
import { PcmFile } from './pcmFile.js';
import { SpeechDetector } from './vad.js';

export interface ScanOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The voice detector's session; without it no probabilities are computed. */
  vad?: ort.InferenceSession | undefined;
  /** Keep the decoded audio (in a temporary file) for transcription. */
  keepPcm: boolean;
  blockSamples?: number;
}

export interface ScannedAudio {
  /** Decoded samples (16 kHz). */
  samples: number;
  /** Speech probability per 32 ms window; empty without a detector. */
  probs: Float32Array;
  /** The decoded audio when asked for; the caller closes it. */
  pcm: PcmFile | null;
  /** Most decoded samples held in memory at once (a block and the detector's unfinished window). */
  peakBufferedSamples: number;
}

/**
 * One pass over the file: ffmpeg decodes to 16 kHz blocks, each goes through
 * voice detection and, when transcription will need it, to a temporary file.
 * Memory holds a block at a time, not the recording.
 */
export async function scanAudio(ffmpeg: string, file: string, options: ScanOptions): Promise<ScannedAudio> {
  const detector = options.vad ? new SpeechDetector(options.vad, options.signal) : null;
  const pcm = options.keepPcm ? await PcmFile.create() : null;
  let samples = 0;
  let peak = 0;
  try {
    for await (const block of decodePcmBlocks(ffmpeg, file, options)) {
      peak = Math.max(peak, block.length + (detector?.buffered ?? 0));
      samples += block.length;
      await pcm?.append(block);
      await detector?.push(block);
    }
    return { samples, probs: detector ? await detector.finish() : new Float32Array(0), pcm, peakBufferedSamples: peak };
  } catch (err) {
    await pcm?.close();
    throw decodeError(err);
  }
}
