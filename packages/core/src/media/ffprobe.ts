import { MediaDurationError } from '../errors/index.js';
import { runTool } from './runTool.js';
import { mediaToolFailure } from './toolFailure.js';

/** The parts of ffprobe's JSON report that the media plugins read. */
export interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

export interface FfprobeReport {
  streams?: FfprobeStream[];
  format?: { duration?: string };
}

/**
 * ffprobe's report of a file's format and streams. A file it cannot read is
 * `corrupt_media`, naming `what` ("video", "audio") but not ffprobe's words, which
 * carry server paths; an aborted job stays aborted.
 */
export async function probeMedia(ffprobe: string, file: string, what: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<FfprobeReport> {
  try {
    const { stdout } = await runTool(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      maxOutputBytes: 4 * 1024 * 1024,
    });
    return JSON.parse(stdout.toString('utf8')) as FfprobeReport;
  } catch (err) {
    throw mediaToolFailure(err, what);
  }
}

/** The duration in ms, from the container or else the stream; none, zero or past `maxSeconds` is `invalid_duration`. */
export function probedDurationMs(report: FfprobeReport, stream: FfprobeStream, what: string, maxSeconds: number, noDuration: string): number {
  const seconds = Number(report.format?.duration ?? stream.duration);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new MediaDurationError(noDuration);
  if (seconds > maxSeconds) {
    throw new MediaDurationError(`the ${what} lasts ${Math.round(seconds)} s; the limit is ${maxSeconds} s`, {
      details: { durationSeconds: Math.round(seconds), limit: maxSeconds },
    });
  }
  return Math.round(seconds * 1000);
}
