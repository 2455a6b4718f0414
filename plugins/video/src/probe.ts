import { NoVideoStreamError, probedDurationMs, probeMedia, VideoTooLargeError } from '@crs/core';

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

/** What ffprobe says of the file, refused with a clear code when it is not a usable video. */
export async function probeVideo(ffprobe: string, file: string, limits: ProbeLimits, signal?: AbortSignal): Promise<VideoInfo> {
  const parsed = await probeMedia(ffprobe, file, 'video', { timeoutMs: limits.timeoutMs, signal });
  const video = parsed.streams?.find((s) => s.codec_type === 'video' && s.width && s.height);
  if (!video) throw new NoVideoStreamError('the file has no video stream');
  const durationMs = probedDurationMs(parsed, video, 'video', limits.maxDurationSeconds, 'the video has no duration (empty, or a stream without timing)');
  const rotation = Math.abs(Number(video.tags?.rotate ?? video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0)) % 180;
  const [width, height] = rotation === 90 ? [video.height!, video.width!] : [video.width!, video.height!];
  if (width * height > limits.maxPixels) {
    throw new VideoTooLargeError(`the video is ${width}×${height}; the limit is ${limits.maxPixels} pixels per frame`, { details: { width, height } });
  }
  return { durationMs, width, height, codec: video.codec_name ?? 'unknown' };
}
