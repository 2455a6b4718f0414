import { runTool } from '@crs/core';

/**
 * ffmpeg seeks a little before the asked instant when a stream has B-frames
 * (3/23 s), so an instant this far past a keyframe lands on that keyframe and
 * decodes only the frames between them.
 */
export const KEYFRAME_LEAD_MS = 150;

/**
 * Presentation times (ms) of the video's keyframes, read from the packet index
 * without decoding. An empty list (a container without an index, a tool
 * error) only means no instant is moved.
 */
export async function keyframeTimes(ffprobe: string, file: string, timeoutMs: number, signal?: AbortSignal): Promise<number[]> {
  try {
    const { stdout } = await runTool(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file], {
      timeoutMs,
      signal,
      maxOutputBytes: 64 * 1024 * 1024,
    });
    const times: number[] = [];
    for (const line of stdout.toString('utf8').split('\n')) {
      const [pts, flags] = line.split(',');
      if (flags?.startsWith('K') && pts && pts !== 'N/A') times.push(Math.round(Number(pts) * 1000));
    }
    return times.filter(Number.isFinite).sort((a, b) => a - b);
  } catch (err) {
    if ((err as { kind?: string }).kind === 'aborted') throw err;
    return [];
  }
}

/**
 * Moves each instant to just past the nearest keyframe when that is within
 * `toleranceMs`, so extracting it decodes a few frames instead of up to a whole
 * group of pictures. Instants stay in order and distinct; an instant with no
 * keyframe near enough keeps its place (and is decoded accurately).
 */
export function snapToKeyframes(instants: number[], keyframes: number[], toleranceMs: number): number[] {
  if (toleranceMs <= 0 || keyframes.length === 0) return instants;
  const used = new Set<number>();
  return instants.map((t) => {
    // The last keyframe at or before t, and the one after it.
    let lo = 0;
    let hi = keyframes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (keyframes[mid]! + KEYFRAME_LEAD_MS <= t) lo = mid;
      else hi = mid - 1;
    }
    const candidates = [keyframes[lo]!, keyframes[lo + 1]]
      .filter((k): k is number => k !== undefined)
      .map((k) => k + KEYFRAME_LEAD_MS)
      .filter((c) => Math.abs(c - t) <= toleranceMs && !used.has(c))
      .sort((a, b) => Math.abs(a - t) - Math.abs(b - t));
    const chosen = candidates[0];
    if (chosen === undefined) return t;
    used.add(chosen);
    return chosen;
  });
}
