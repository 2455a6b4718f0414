import { CorruptMediaError, MediaDurationError, NoVideoStreamError, VideoTooLargeError } from '@crs/core';
import { runTool } from '@crs/core';

export interface VideoInfo {
  durationMs: number;
  width: number;
  height: number;
  codec: string;
}

export interface ProbeLimits {
  maxDurationSeconds: number;
  maxPixels: number;
  timeoutMs: number;
}

interface FfprobeOutput {
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; duration?: string; tags?: { rotate?: string }; side_data_list?: { rotation?: number }[] }[];
  format?: { duration?: string };
}

/** What ffprobe says of the file, refused with a clear code when it is not a usable video. */
export async function probeVideo(ffprobe: string, file: string, limits: ProbeLimits, signal?: AbortSignal): Promise<VideoInfo> {
  let parsed: FfprobeOutput;
  try {
    const { stdout } = await runTool(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], {
      timeoutMs: limits.timeoutMs,
      signal,
      maxOutputBytes: 4 * 1024 * 1024,
    });
    parsed = JSON.parse(stdout.toString('utf8')) as FfprobeOutput;
  } catch (err) {
    if ((err as { kind?: string }).kind === 'aborted') throw err;
    throw new CorruptMediaError(`the video cannot be read: ${(err as Error).message.slice(0, 300)}`, { cause: err });
  }
  const video = parsed.streams?.find((s) => s.codec_type === 'video' && s.width && s.height);
  if (!video) throw new NoVideoStreamError('the file has no video stream');
  const seconds = Number(parsed.format?.duration ?? video.duration);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new MediaDurationError('the video has no duration (empty, or a stream without timing)');
  if (seconds > limits.maxDurationSeconds) {
    throw new MediaDurationError(`the video lasts ${Math.round(seconds)} s; the limit is ${limits.maxDurationSeconds} s`, {
      details: { durationSeconds: Math.round(seconds), limit: limits.maxDurationSeconds },
    });
  }
  const rotation = Math.abs(Number(video.tags?.rotate ?? video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0)) % 180;
  const [width, height] = rotation === 90 ? [video.height!, video.width!] : [video.width!, video.height!];
  if (width * height > limits.maxPixels) {
    throw new VideoTooLargeError(`the video is ${width}×${height}; the limit is ${limits.maxPixels} pixels per frame`, { details: { width, height } });
  }
  return { durationMs: Math.round(seconds * 1000), width, height, codec: video.codec_name ?? 'unknown' };
}
