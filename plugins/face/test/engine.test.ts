import { createLogger, loadConfig } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { augment, cutFace, FaceEngine, similarityOf } from '../src/index.js';
// @ts-expect-error plain ESM helper shared with the evaluation script
import { FACE_CENTRES, read } from '../scripts/fixtures.mjs';

type Box = { x: number; y: number; width: number; height: number };
const inside = ([x, y]: number[], b: Box) => x! >= b.x && x! <= b.x + b.width && y! >= b.y && y! <= b.y + b.height;

describe('face engine on the fixture photos and the models models/ ships', () => {
  let engine: FaceEngine;
  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: '/nonexistent' });
    engine = await FaceEngine.load(config, createLogger('test', 'silent'));
  });
  afterAll(() => engine?.close());

  it('finds every face of the group photos, each once, with landmarks inside its box', async () => {
    for (const name of ['group-or-portrait-1.jpg', 'group-or-portrait-2.jpg', 'group-or-portrait-3.jpg']) {
      const centres = (FACE_CENTRES as Record<string, number[][]>)[name]!;
      const { image, faces } = await engine.analyse(read(name), { maxFaces: 50 });
      expect(image).toEqual({ width: 1024, height: 768 });
      expect(faces).toHaveLength(centres.length);
      for (const c of centres) expect(faces.filter((f) => inside(c, f.face.box))).toHaveLength(1);
      for (const { face } of faces) {
        for (const p of Object.values(face.landmarks)) expect(inside(p, face.box)).toBe(true);
        expect(face.score).toBeGreaterThan(0.7);
        expect(face.quality.size).toBeGreaterThan(40);
      }
    }
  });

  it('applies EXIF orientation: box coordinates refer to the upright image', async () => {
    const { image, faces } = await engine.analyse(read('live-T1.jpg'), { maxFaces: 5 });
    expect(image).toEqual({ width: 480, height: 640 });
    expect(faces).toHaveLength(1);
    expect(inside([205, 235], faces[0]!.face.box)).toBe(true);
  });

  it('keeps the largest faces first and honours maxFaces and minFaceSize', async () => {
    const all = await engine.analyse(read('group-or-portrait-1.jpg'), { maxFaces: 50 });
    const areas = all.faces.map((f) => f.face.box.width * f.face.box.height);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    expect((await engine.analyse(read('group-or-portrait-1.jpg'), { maxFaces: 3 })).faces).toHaveLength(3);
    expect((await engine.analyse(read('group-or-portrait-1.jpg'), { maxFaces: 50, minFaceSize: 120 })).faces.length).toBeLessThan(all.faces.length);
  });

  it('scores altered copies of a face as the same person and other people well below', async () => {
    const { faces } = await engine.analyse(read('group-or-portrait-2.jpg'), { maxFaces: 5 });
    const cut = await cutFace(read('group-or-portrait-2.jpg'), faces[0]!.face.box);
    const main = await engine.mainFace(cut, 'cut');
    for (const aug of ['crop', 'smaller', 'darker', 'tilted'] as const) {
      const copy = await engine.mainFace(await augment(cut, aug), aug);
      expect(similarityOf(main.embedding, copy.embedding), aug).toBeGreaterThan(60);
    }
    for (const other of faces.slice(1)) {
      const them = await engine.mainFace(await cutFace(read('group-or-portrait-2.jpg'), other.face.box), 'other');
      expect(similarityOf(main.embedding, them.embedding)).toBeLessThan(45);
    }
    expect(main.embedding).toHaveLength(128);
    expect(main.embedding.reduce((a, x) => a + x * x, 0)).toBeCloseTo(1, 4);
  });

  it('scores the live photo as real and the print and screen replays as spoofs', async () => {
    const score = async (name: string) => (await engine.analyse(read(name), { maxFaces: 1, liveness: true })).faces[0]!.liveness!.score;
    expect(await score('live-T1.jpg')).toBeGreaterThan(0.9);
    expect(await score('spoof-print-F1.jpg')).toBeLessThan(0.5);
    expect(await score('spoof-screen-F2.jpg')).toBeLessThan(0.1);
  });

  it('answers no_face_found without a face, unsupported_media for bytes that are no image, corrupt_media for a broken one', async () => {
    const sharp = (await import('sharp')).default;
    const blank = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#7a9' } }).png().toBuffer();
    await expect(engine.mainFace(blank, 'image')).rejects.toMatchObject({ code: 'no_face_found' });
    await expect(engine.analyse(Buffer.from('not an image at all'), { maxFaces: 1 })).rejects.toMatchObject({ code: 'unsupported_media' });
    await expect(engine.analyse(read('live-T1.jpg').subarray(0, 3000), { maxFaces: 1 })).rejects.toMatchObject({ code: 'corrupt_media' });
  });
});

describe('face engine without models', () => {
  it('loads, and answers model_not_installed naming the fetch command', async () => {
    const engine = await FaceEngine.load(loadConfig({ MODELS_DIR: '/nonexistent', DATA_DIR: '/nonexistent' }), createLogger('test', 'silent'));
    await expect(engine.analyse(Buffer.alloc(10), { maxFaces: 1 })).rejects.toMatchObject({
      code: 'model_not_installed',
      message: expect.stringContaining('npm run models -- fetch face'),
    });
    expect(() => engine.embedderName).toThrow(/fetch face/);
    await engine.close();
  });
});
