import * as ort from 'onnxruntime-node';
import {
  ConfigError,
  definePlugin,
  findModel,
  locateFfmpeg,
  ModelNotInstalledError,
  withLocalMediaFile,
  type Config,
  type FfmpegLocation,
  type TaskOutput,
  type TaskPlugin,
} from '@crs/core';
import { decodePcm16k, probeAudio } from './probe.js';
import { speechProbabilities, speechSegments, VAD_DEFAULTS } from './vad.js';

export { probeAudio, decodePcm16k } from './probe.js';
export { speechProbabilities, speechSegments, VAD_DEFAULTS, type SpeechSegment } from './vad.js';

type Output = TaskOutput<'audio.moderate'>;

export const VAD_MODEL = 'speech-vad/silero_vad.onnx';

/*
 * Speech to text is not installed yet: every result says so (asr_unavailable)
 * and lists the speech segments for review, rather than passing speech nobody
 * has checked.
 */
const ASR_UNAVAILABLE: Output['asr'] = {
  status: 'unavailable',
  code: 'asr_unavailable',
  message: 'no speech-to-text engine is installed on this worker; speech segments are listed for review, their words were not checked',
};

export function createAudioPlugin(): TaskPlugin {
  let tools: FfmpegLocation | null = null;
  let vad: ort.InferenceSession | null = null;
  let config: Config | null = null;
  let missing: ModelNotInstalledError | null = null;
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
    },
    handlers: {
      async 'audio.moderate'(input, ctx): Promise<Output> {
        if (missing) throw missing;
        if (!tools || !vad || !config) throw new Error('audio plugin used before init');
        ctx.signal.throwIfAborted();
        const { ffmpeg, ffprobe } = tools;
        const session = vad;
        const limits = { ...config.audio, timeoutMs: config.video.ffmpegTimeoutMs };
        const { info, pcm } = await withLocalMediaFile(ctx.blobs, ctx.tenant, input.audio, async (file) => {
          const probed = await probeAudio(ffprobe.path, file, limits, ctx.signal);
          // Decoding a long file takes longer than one tool call normally may.
          const decoded = await decodePcm16k(ffmpeg.path, file, limits.timeoutMs + probed.durationMs, ctx.signal);
          return { info: probed, pcm: decoded };
        });
        await ctx.progress(20);
        const probs = await speechProbabilities(session, pcm, ctx.signal);
        await ctx.progress(90);
        const found = speechSegments(probs, pcm.length, { ...VAD_DEFAULTS, threshold: config.audio.vadThreshold });
        const segments: Output['segments'] = found.map((s) => ({ ...s, verdict: 'review', labels: [] }));
        return {
          verdict: segments.length ? 'review' : 'pass',
          labels: [],
          hits: [],
          sampleRate: info.sampleRate,
          durationMs: info.durationMs,
          segments,
          asr: ASR_UNAVAILABLE,
        };
      },
    },
    async close() {
      await vad?.release();
      vad = null;
    },
  });
}

export default createAudioPlugin();
