/** Plane geometry for text boxes: convex hull, minimum-area rectangle, unclip. */
export type Point = [number, number];

export interface RotatedRect {
  cx: number;
  cy: number;
  /** Along the text. */
  width: number;
  height: number;
  /** Radians; the direction of `width`. */
  angle: number;
}

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Andrew's monotone chain; counter-clockwise, no repeated end point. */
export function convexHull(points: Point[]): Point[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length <= 2) return p;
  const lower: Point[] = [];
  for (const pt of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, pt) <= 0) lower.pop();
    lower.push(pt);
  }
  const upper: Point[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const pt = p[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, pt) <= 0) upper.pop();
    upper.push(pt);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** The smallest rectangle around a convex polygon: one of its sides lies on a hull edge. */
export function minAreaRect(hull: Point[]): RotatedRect {
  if (hull.length === 1) return { cx: hull[0]![0], cy: hull[0]![1], width: 1, height: 1, angle: 0 };
  let best: RotatedRect | null = null;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const angle = Math.atan2(b[1] - a[1], b[0] - a[0]);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const [x, y] of hull) {
      const u = x * cos + y * sin;
      const v = -x * sin + y * cos;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * cos - cv * sin, cy: cu * sin + cv * cos, width: maxU - minU, height: maxV - minV, angle };
    }
  }
  const r = best!;
  // Text runs along the longer side; keep the angle within (−90°, 90°] so "left" stays left.
  let { width, height, angle } = r;
  if (height > width) {
    [width, height] = [height, width];
    angle += Math.PI / 2;
  }
  while (angle > Math.PI / 2) angle -= Math.PI;
  while (angle <= -Math.PI / 2) angle += Math.PI;
  return { ...r, width, height, angle };
}

/** Grows a shrunk text kernel back to the text's extent: offset = area × ratio / perimeter (DB's unclip). */
export function unclip(rect: RotatedRect, ratio: number): RotatedRect {
  const d = (rect.width * rect.height * ratio) / (2 * (rect.width + rect.height));
  return { ...rect, width: rect.width + 2 * d, height: rect.height + 2 * d };
}

/** Corners in order top-left, top-right, bottom-right, bottom-left (reading direction). */
export function corners(rect: RotatedRect): [Point, Point, Point, Point] {
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  const hw = rect.width / 2;
  const hh = rect.height / 2;
  const at = (u: number, v: number): Point => [rect.cx + u * cos - v * sin, rect.cy + u * sin + v * cos];
  return [at(-hw, -hh), at(hw, -hh), at(hw, hh), at(-hw, hh)];
}
