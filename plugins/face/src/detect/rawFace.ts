/** A detection before quality hints: box and landmarks in the coordinates of the image searched. */
export interface RawFace {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  /** Right eye, left eye, nose, right and left mouth corner (the subject's right and left). */
  landmarks: [number, number][];
}

function iou(a: RawFace, b: RawFace): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Greedy NMS: best score first, dropping boxes that overlap a kept one by more than `threshold` IoU. */
export function nonMaxSuppression(faces: RawFace[], threshold: number): RawFace[] {
  const sorted = [...faces].sort((a, b) => b.score - a.score);
  const kept: RawFace[] = [];
  for (const f of sorted) if (kept.every((k) => iou(k, f) <= threshold)) kept.push(f);
  return kept;
}
