import {
  ConfigError,
  definePlugin,
  locateFfmpeg,
  withLocalMediaFile,
  withSpan,
  type Config,
  type FfmpegLocation,
  type JobContext,
  type TaskInput,
  type TaskOutput,
  type TaskPlugin,
} from '@crs/core';
import { aggregate, type FanOutState } from './aggregate.js';
import { extractFrames, frameSize, sceneInstants } from './extract.js';
import { keyframeTimes, snapToKeyframes } from './keyframes.js';
import { probeVideo } from './probe.js';
import { plannedInstants } from './sampling.js';

export { contractFrameCount, evenInstants, plannedInstants } from './sampling.js';
export { probeVideo } from './probe.js';
export { keyframeTimes, snapToKeyframes, KEYFRAME_LEAD_MS } from './keyframes.js';
export { extractFrames, frameSize } from './extract.js';


type Input = TaskInput<'video.moderate'>;
type Output = TaskOutput<'video.moderate'>;

const FRAME_TASK = 'image.moderate';

/** First run: probe, sample, extract and store frames, then hand them to image moderation on any worker. */
async function sampleAndFanOut(input: Input, ctx: JobContext, video: Config['video'], tools: FfmpegLocation): Promise<never> {
  ctx.signal.throwIfAborted();
  const common = { timeoutMs: video.ffmpegTimeoutMs, signal: ctx.signal };
  const state = await withLocalMediaFile(ctx.blobs, ctx.tenant, input.video, async (file) => {
    const info = await withSpan('video probe', () =>
      probeVideo(tools.ffprobe.path, file, { ...common, maxDurationSeconds: video.maxDurationSeconds, maxPixels: video.maxPixels }, ctx.signal),
    );
    const extractOptions = { ffmpeg: tools.ffmpeg.path, parallel: video.ffmpegParallel, ...common };
    let instants: number[];
    if (input.sampling.mode === 'scene') {
      instants = await sceneInstants(file, input.sampling.threshold, video.maxFrames, extractOptions);
    } else {
      const planned = plannedInstants(info.durationMs, input.sampling, video);
      // Within a quarter of the spacing (and VIDEO_KEYFRAME_SNAP_MS) an instant may move onto a keyframe.
      const tolerance = Math.min(video.keyframeSnapMs, info.durationMs / planned.length / 4);
      const keyframes = tolerance > 0 ? await keyframeTimes(tools.ffprobe.path, file, video.ffmpegTimeoutMs, ctx.signal) : [];
      instants = snapToKeyframes(planned, keyframes, tolerance);
    }
    let reported = 0;
    const frames = await withSpan(
      'video extract frames',
      () =>
        extractFrames(file, instants, frameSize(info.width, info.height), {
          ...extractOptions,
          onFrame: (done, total) => {
            const percent = Math.floor((10 * done) / total);
            if (percent > reported) void ctx.progress((reported = percent)).catch(() => undefined);
          },
          onFrameError: (offsetMs, err) => ctx.logger.warn({ offsetMs, err: (err as Error).message }, 'video frame could not be extracted'),
        }),
      { attributes: { 'crs.video.frames': instants.length } },
    );
    const fanState: FanOutState = {
      offsets: [],
      fileIds: [],
      missing: [],
      info: { durationMs: info.durationMs, width: info.width, height: info.height, codec: info.codec, sampling: `${input.sampling.mode}: ${instants.length} frames` },
      allFrames: input.allFrames ?? false,
      audio: input.audio ? { status: 'unavailable', message: 'the sound track of a video is not checked yet; send the file to audio.moderate as well' } : null,
    };
    for (const frame of frames) {
      if ('error' in frame) fanState.missing.push(frame);
      else {
        fanState.offsets.push(frame.offsetMs);
        fanState.fileIds.push(await ctx.storeMedia(frame.jpeg, 'image/jpeg'));
      }
    }
    return fanState;
  });
  ctx.signal.throwIfAborted();
  const options = {
    ...(input.categories ? { categories: input.categories } : {}),
    ...(input.thresholds ? { thresholds: input.thresholds } : {}),
    ...(input.classifiers ? { classifiers: input.classifiers } : {}),
    ...(input.ocr ? { ocr: true } : {}),
    ...(input.codes === false ? { codes: false } : {}),
    ...(input.watchlists ? { watchlists: input.watchlists } : {}),
  };
  return ctx.fanOut(FRAME_TASK, state.fileIds.map((fileId) => ({ image: { fileId }, ...options })), state);
}

export function createVideoPlugin(): TaskPlugin {
  let tools: FfmpegLocation | null = null;
  let video: Config['video'] | null = null;
  return definePlugin({
    name: 'video',
    async init({ config, logger }) {
      tools = locateFfmpeg();
      if (!tools) {
        throw new ConfigError('FFMPEG_PATH', 'ffmpeg and ffprobe were not found (FFMPEG_PATH/FFPROBE_PATH, ffmpeg-static, @ffmpeg-installer, PATH)');
      }
      video = config.video;
      logger.info({ ffmpeg: `${tools.ffmpeg.source}: ${tools.ffmpeg.path}`, ffprobe: `${tools.ffprobe.source}: ${tools.ffprobe.path}` }, 'ffmpeg found');
    },
    handlers: {
      async 'video.moderate'(input, ctx): Promise<Output> {
        if (!tools || !video) throw new Error('video plugin used before init');
        if (!ctx.resumed) return sampleAndFanOut(input, ctx, video, tools);
        const { result, unlisted } = aggregate(ctx.resumed.state as FanOutState, ctx.resumed.results);
        // Frames that passed and are not in the result are not kept.
        await Promise.all(unlisted.map((id) => ctx.blobs.delete(ctx.tenant, id)));
        await ctx.progress(100);
        return result;
      },
    },
    async close() {
      tools = null;
    },
  });
}

export default createVideoPlugin();
