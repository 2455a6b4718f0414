import {
  hitSchema,
  moderationResultSchema,
  type ChildResult,
  type Hit,
  type Label,
  type TaskOutput,
  type Verdict,
  mergeLabels,
  worstVerdict,
} from '@crs/core';
import { z } from 'zod';

type Output = TaskOutput<'video.moderate'>;
export type Frame = Output['frames'][number];

/** What the video needs of a frame's `image.moderate` result: its verdict, labels and hits (text, and watchlisted faces). */
const frameResultSchema = moderationResultSchema.extend({ hits: z.array(hitSchema) });

/** What the first run keeps for the second: where each examined frame is. */
export interface FanOutState {
  offsets: number[];
  fileIds: string[];
  /** Frames that could not be extracted, with why. */
  missing: { offsetMs: number; error: string }[];
  info: Output['video'] & { durationMs: number };
  allFrames: boolean;
  audio: Output['audio'] | null;
}

export interface Aggregated {
  result: Output;
  /** Frames whose images are not in the result and can be deleted now. */
  unlisted: string[];
}

/**
 * One verdict for the video from its frames: per category the worst score and
 * verdict over all frames; frames that could not be examined are listed for
 * review rather than passing silently.
 */
export function aggregate(state: FanOutState, results: ChildResult[]): Aggregated {
  const frames: Frame[] = [];
  const unlisted: string[] = [];
  const labels: Label[][] = [];
  let verdict: Verdict = 'pass';
  results.forEach((r, i) => {
    const offsetMs = state.offsets[i]!;
    const fileId = state.fileIds[i]!;
    if (!r.ok) {
      verdict = worstVerdict([verdict, 'review']);
      frames.push({ offsetMs, verdict: 'review', labels: [], error: r.error, imageUrl: `/v1/files/${fileId}` });
      return;
    }
    const frame = frameResultSchema.parse(r.value);
    labels.push(frame.labels);
    verdict = worstVerdict([verdict, frame.verdict]);
    if (frame.verdict !== 'pass' || state.allFrames) {
      const hits: Hit[] = frame.hits;
      frames.push({ offsetMs, verdict: frame.verdict, labels: frame.labels, ...(hits.length ? { hits } : {}), imageUrl: `/v1/files/${fileId}` });
    } else {
      unlisted.push(fileId);
    }
  });
  for (const m of state.missing) {
    verdict = worstVerdict([verdict, 'review']);
    frames.push({ offsetMs: m.offsetMs, verdict: 'review', labels: [], error: { code: 'frame_unavailable', message: m.error } });
  }
  frames.sort((a, b) => a.offsetMs - b.offsetMs);
  const { durationMs, ...video } = state.info;
  return {
    result: {
      verdict,
      labels: mergeLabels(labels),
      hits: [],
      durationMs,
      sampledFrames: results.length,
      frames,
      video,
      ...(state.audio ? { audio: state.audio } : {}),
    },
    unlisted,
  };
}
