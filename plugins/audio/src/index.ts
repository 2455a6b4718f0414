import * as ort from 'onnxruntime-node';
import {
  audioTranscribeOutputSchema,
  ConfigError,
  definePlugin,
  findModel,
  InvalidRequestError,
  locateFfmpeg,
  mergeLabels,
  ModelNotInstalledError,
  withLocalMediaFile,
  worstVerdict,
  type AudioSegment,
  type Config,
  type FfmpegLocation,
  type JobContext,
  type MediaRef,
  type TaskOutput,
  type TaskPlugin,
} from '@crs/core';
import { loadAsr, type AsrReport, type LoadedAsr } from './asr/load.js';
import { planChunks, splitLongSegments } from './chunks.js';
import { encodeWav16k } from './pcm.js';
import type { PcmFile } from './pcmFile.js';
import { probeAudio, type AudioInfo } from './probe.js';
import { scanAudio } from './scan.js';
import { transcribeAndModerate } from './transcribe.js';
import { speechSegments, VAD_DEFAULTS, type SpeechSegment } from './vad.js';

export { probeAudio, decodePcm16k } from './probe.js';
export { decodePcmBlocks, DECODE_BLOCK_SAMPLES } from './decodeStream.js';
export { scanAudio, type ScannedAudio } from './scan.js';
export { PcmFile } from './pcmFile.js';
export { SpeechDetector, speechProbabilities, speechSegments, VAD_DEFAULTS, type SpeechSegment } from './vad.js';
export { planChunks, splitLongSegments } from './chunks.js';
export { encodeWav16k } from './pcm.js';
export { loadAsr } from './asr/load.js';
export { parseHypotheses } from './asr/pocketsphinx.js';
export type { AsrEngine } from './asr/engine.js';

type Output = TaskOutput<'audio.moderate'>;

export const VAD_MODEL = 'speech-vad/silero_vad.onnx';
const CHUNK_TASK = 'audio.transcribe';

/** What the first run of a chunked `audio.moderate` keeps for the run after its chunks are transcribed. */
interface ChunkState {
  sampleRate: number;
  durationMs: number;
  engine: string;
  chunks: { fileId: string; spans: SpeechSegment[] }[];
}

/** Given segments, ends a rounding error past the audio clamped; a segment beyond it is the caller's mistake. */
function withinAudio(spans: SpeechSegment[], audioMs: number): SpeechSegment[] {
  return spans.map((s, i) => {
    if (s.endMs > audioMs + 100) {
      throw new InvalidRequestError(`segments[${i}] ends at ${s.endMs} ms, after the end of the audio (${Math.floor(audioMs)} ms)`, { details: { segment: i, audioMs: Math.floor(audioMs) } });
    }
    return { startMs: Math.min(s.startMs, Math.floor(audioMs)), endMs: Math.min(s.endMs, Math.floor(audioMs)) };
  });
}

function moderationOf(info: Pick<AudioInfo, 'sampleRate' | 'durationMs'>, segments: AudioSegment[], asr: AsrReport): Output {
  return {
    verdict: worstVerdict(segments.map((s) => s.verdict)),
    labels: mergeLabels(segments.map((s) => s.labels)),
    // Hits are listed per segment: their offsets are into that segment's text.
    hits: [],
    sampleRate: info.sampleRate,
    durationMs: info.durationMs,
    segments,
    asr,
  };
}

export function createAudioPlugin(): TaskPlugin {
  let tools: FfmpegLocation | null = null;
  let vad: ort.InferenceSession | null = null;
  let config: Config | null = null;
  let missing: ModelNotInstalledError | null = null;
  let asr: LoadedAsr | null = null;

  const ready = () => {
    if (!tools || !config || !asr) throw new Error('audio plugin used before init');
    return { tools, config, asr };
  };

  /**
   * Probe (8 kHz rule, duration), then one pass of decoding to 16 kHz mono that
   * runs voice detection (when `detect`) and keeps the audio in a temporary
   * file (when `keepPcm`); the caller closes it.
   */
  async function scan(ref: MediaRef, ctx: JobContext, want: { detect: boolean; keepPcm: boolean }) {
    const { tools: { ffmpeg, ffprobe }, config: { audio, video } } = ready();
    if (want.detect && missing) throw missing;
    if (want.detect && !vad) throw new Error('audio plugin used before init');
    const limits = { ...audio, timeoutMs: video.ffmpegTimeoutMs };
    return withLocalMediaFile(ctx.blobs, ctx.tenant, ref, async (file) => {
      const info = await probeAudio(ffprobe.path, file, limits, ctx.signal);
      // Decoding a long file (and detecting speech as it goes) takes longer than one tool call normally may.
      const scanned = await scanAudio(ffmpeg.path, file, { timeoutMs: limits.timeoutMs + info.durationMs, signal: ctx.signal, vad: want.detect ? vad! : undefined, keepPcm: want.keepPcm });
      return { info, ...scanned };
    });
  }

  /** Speech segments, none longer than a recogniser's utterance. */
  function speechIn(probs: Float32Array, samples: number): SpeechSegment[] {
    return splitLongSegments(speechSegments(probs, samples, { ...VAD_DEFAULTS, threshold: ready().config.audio.vadThreshold }), probs);
  }

  async function moderate(input: { audio: MediaRef } & Parameters<typeof transcribeAndModerate>[5], ctx: JobContext): Promise<Output> {
    const { config, asr } = ready();
    ctx.signal.throwIfAborted();
    if (missing) throw missing;
    const { info, probs, samples, pcm } = await scan(input.audio, ctx, { detect: true, keepPcm: Boolean(asr.engine) });
    try {
      await ctx.progress(20);
      const found = speechIn(probs, samples);
      await ctx.progress(40);
      if (!asr.engine || !pcm) return moderationOf(info, found.map((s) => ({ ...s, verdict: 'review', labels: [] })), asr.unavailable!);
      return await transcribeFound(input, ctx, info, found, pcm, asr.engine, config.audio.chunkSeconds);
    } finally {
      await pcm?.close();
    }
  }

  async function transcribeFound(
    input: Parameters<typeof transcribeAndModerate>[5],
    ctx: JobContext,
    info: AudioInfo,
    found: SpeechSegment[],
    pcm: PcmFile,
    engine: NonNullable<LoadedAsr['engine']>,
    chunkSeconds: number,
  ): Promise<Output> {
    const options = { ...(input.categories ? { categories: input.categories } : {}), ...(input.thresholds ? { thresholds: input.thresholds } : {}) };
    const chunks = planChunks(found, chunkSeconds * 1000);
    if (chunks.length <= 1) {
      const segments = await transcribeAndModerate(engine, pcm, found, 0, ctx, options, (done, total) => {
        void ctx.progress(40 + Math.floor((55 * done) / total)).catch(() => undefined);
      });
      return moderationOf(info, segments, { status: 'done', engine: engine.name, chunks: chunks.length });
    }
    // Long speech: each chunk is a job any worker may take; this job waits for them without holding a worker.
    const state: ChunkState = { sampleRate: info.sampleRate, durationMs: info.durationMs, engine: engine.name, chunks: [] };
    const inputs = [];
    for (const spans of chunks) {
      const from = spans[0]!.startMs;
      const to = spans.at(-1)!.endMs;
      const fileId = await ctx.storeMedia(encodeWav16k(await pcm.readSpan({ startMs: from, endMs: to })), 'audio/wav');
      state.chunks.push({ fileId, spans });
      inputs.push({ audio: { fileId }, segments: spans.map((s) => ({ startMs: s.startMs - from, endMs: s.endMs - from })), offsetMs: from, ...options });
    }
    return ctx.fanOut(CHUNK_TASK, inputs, state);
  }

  /** The run after the chunks: their segments in order; a chunk that failed is sent to review with its error. */
  async function gather(ctx: JobContext): Promise<Output> {
    const { state, results } = ctx.resumed!;
    const { chunks, engine, ...info } = state as ChunkState;
    const segments: AudioSegment[] = [];
    results.forEach((r, i) => {
      const spans = chunks[i]?.spans ?? [];
      if (r.ok) segments.push(...audioTranscribeOutputSchema.parse(r.value).segments);
      else segments.push(...spans.map((s) => ({ ...s, verdict: 'review' as const, labels: [], error: r.error })));
    });
    await Promise.all(chunks.map((c) => ctx.blobs.delete(ctx.tenant, c.fileId)));
    await ctx.progress(100);
    const failed = results.filter((r) => !r.ok).length;
    return moderationOf(info, segments, {
      status: 'done',
      engine,
      chunks: chunks.length,
      ...(failed ? { message: `${failed} of ${chunks.length} chunks could not be transcribed; their segments are listed for review with the error` } : {}),
    });
  }

  return definePlugin({
    name: 'audio',
    async init(ctx) {
      tools = locateFfmpeg();
      if (!tools) throw new ConfigError('FFMPEG_PATH', 'ffmpeg and ffprobe were not found (FFMPEG_PATH/FFPROBE_PATH, ffmpeg-static, @ffmpeg-installer, PATH)');
      config = ctx.config;
      try {
        vad = await ort.InferenceSession.create(findModel(ctx.config, VAD_MODEL, 'vad'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
      } catch (err) {
        // The worker still serves its other tasks; audio jobs say what to install.
        if (!(err instanceof ModelNotInstalledError)) throw err;
        missing = err;
        ctx.logger.warn({ model: VAD_MODEL }, 'voice activity model not installed: audio.moderate answers model_not_installed until `npm run models -- fetch vad`');
      }
      asr = await loadAsr(ctx.config, ctx.logger);
    },
    handlers: {
      async 'audio.moderate'(input, ctx): Promise<Output> {
        return ctx.resumed ? gather(ctx) : moderate(input, ctx);
      },
      async 'audio.transcribe'(input, ctx) {
        const { asr } = ready();
        ctx.signal.throwIfAborted();
        if (!asr.engine) throw new ModelNotInstalledError(asr.unavailable.message ?? 'no speech-to-text engine is installed on this worker');
        const engine = asr.engine;
        const { probs, samples, pcm } = await scan(input.audio, ctx, { detect: !input.segments, keepPcm: true });
        try {
          const spans = input.segments ? withinAudio(input.segments, samples / 16) : speechIn(probs, samples);
          const segments = await transcribeAndModerate(engine, pcm!, spans, input.offsetMs, ctx, input, (done, total) => {
            void ctx.progress(Math.floor((100 * done) / total)).catch(() => undefined);
          });
          return { engine: engine.name, segments };
        } finally {
          await pcm?.close();
        }
      },
    },
    async close() {
      await vad?.release();
      vad = null;
      await asr?.engine?.close();
      asr = null;
    },
  });
}

export default createAudioPlugin();
