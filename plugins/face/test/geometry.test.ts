import { describe, expect, it } from 'vitest';
import { estimateSimilarity, ExactIndex, l2normalise, livenessCrop, poseOf, warpSimilarity } from '../src/index.js';

describe('similarity estimate', () => {
  it('recovers a known rotation, scale and shift from five points', () => {
    const from: [number, number][] = [[10, 20], [50, 22], [30, 40], [15, 60], [45, 61]];
    const angle = 0.3, scale = 1.7, tx = 12, ty = -5;
    const to = from.map(([x, y]) => [scale * (Math.cos(angle) * x - Math.sin(angle) * y) + tx, scale * (Math.sin(angle) * x + Math.cos(angle) * y) + ty] as [number, number]);
    const m = estimateSimilarity(from, to);
    expect(m.a).toBeCloseTo(scale * Math.cos(angle), 6);
    expect(m.b).toBeCloseTo(scale * Math.sin(angle), 6);
    expect(m.tx).toBeCloseTo(tx, 6);
    expect(m.ty).toBeCloseTo(ty, 6);
  });

  it('warps pixels to where the transform sends them', () => {
    const width = 40, height = 30;
    const data = Buffer.alloc(width * height * 3);
    data.fill(255, (10 * width + 20) * 3, (10 * width + 20) * 3 + 3); // one white pixel at (20, 10)
    const out = warpSimilarity({ data, width, height }, { a: 1, b: 0, tx: -15, ty: -5 }, 16);
    expect(out.data[(5 * 16 + 5) * 3]).toBe(255);
    expect(out.data.reduce((n, v) => n + (v ? 1 : 0), 0)).toBe(3);
  });
});

describe('pose from landmarks', () => {
  const frontal: [number, number][] = [[40, 50], [72, 50], [56, 68], [44, 86], [68, 86]];
  it('reads a symmetric face as frontal', () => {
    const p = poseOf(frontal);
    expect(Math.abs(p.yaw)).toBeLessThan(1);
    expect(Math.abs(p.roll)).toBeLessThan(1);
    expect(Math.abs(p.pitch)).toBeLessThan(15);
  });
  it('reads a tilt as roll and a nose off centre as yaw', () => {
    const c = Math.cos(0.35), s = Math.sin(0.35);
    const tilted = frontal.map(([x, y]) => [c * x - s * y, s * x + c * y] as [number, number]);
    expect(poseOf(tilted).roll).toBeCloseTo(20.1, 0);
    const turned = frontal.map(([x, y], i) => (i === 2 ? [x + 12, y] : [x, y]) as [number, number]);
    expect(poseOf(turned).yaw).toBeGreaterThan(30);
  });
});

describe('liveness crop', () => {
  it('scales the box about its centre and keeps it inside the image', () => {
    expect(livenessCrop({ x: 100, y: 100, width: 50, height: 50 }, { width: 640, height: 480 }, 2.7)).toEqual({ left: 58, top: 58, width: 135, height: 135 });
    const edge = livenessCrop({ x: 0, y: 0, width: 100, height: 100 }, { width: 640, height: 480 }, 4);
    expect(edge.left).toBe(0);
    expect(edge.top).toBe(0);
    expect(edge.width).toBe(400);
  });
});

describe('exact index', () => {
  it('returns the k nearest vectors, best first, as a full sort would', () => {
    const random = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    const next = random(7);
    const vectors = Array.from({ length: 500 }, () => l2normalise(Float32Array.from({ length: 16 }, next)));
    const index = new ExactIndex({ faceIds: vectors.map((_, i) => `f${i}`), subjectIds: vectors.map((_, i) => `s${i % 10}`), vectors });
    const query = vectors[123]!;
    const hits = index.search(query, 5);
    const expected = vectors
      .map((v, i) => ({ i, dot: v.reduce((a, x, d) => a + x * query[d]!, 0) }))
      .sort((a, b) => b.dot - a.dot)
      .slice(0, 5);
    expect(hits.map((h) => h.faceId)).toEqual(expected.map((e) => `f${e.i}`));
    expect(hits[0]).toMatchObject({ faceId: 'f123', subjectId: 's3' });
    expect(hits[0]!.cosine).toBeCloseTo(1, 5);
    expect(new ExactIndex({ faceIds: [], subjectIds: [], vectors: [] }).search(query, 3)).toEqual([]);
  });
});
