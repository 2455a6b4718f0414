import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createFacePlugin, cutFace } from '@crs/plugin-face';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { createVideoPlugin } from '@crs/plugin-video';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, KEYS, startStack, type Stack } from './helpers/stack.js';
import { makeVideo } from './helpers/videos.js';

/** The face plugin's test photos (with their provenance). live-T1 and spoof-screen-F2 show the same man, the second a photo of a screen. */
const FACES = path.resolve(import.meta.dirname, '../../../plugins/face/testdata/faces');
const read = (name: string) => fs.readFileSync(path.join(FACES, name));
const b64 = (bytes: Buffer) => ({ base64: bytes.toString('base64') });

type FaceHit = { source: string; category: string; collection: string; subjectId: string; similarity: number; box: { x: number; y: number; width: number; height: number }; level: string };
const faceHits = (result: { hits: { source: string }[] }) => result.hits.filter((h) => h.source === 'face') as FaceHit[];

describe('face watchlists in image and video moderation', () => {
  let stack: Stack;
  const lib = '/v1/face/collections';
  const moderate = (image: Buffer, extra: object = {}, key = KEYS.acme) =>
    stack.call('POST', '/v1/jobs', { body: { task: 'image.moderate', input: { image: b64(image), ...extra } }, headers: { prefer: 'wait=60' }, key });
  const enrol = async (collection: string, subject: string, image: Buffer) => {
    expect((await stack.call('POST', `${lib}/${collection}/subjects`, { body: { id: subject } })).status).toBe(201);
    expect((await stack.call('POST', `${lib}/${collection}/subjects/${subject}/faces`, { body: { image: b64(image) } })).status).toBe(201);
  };

  beforeAll(async () => {
    stack = await startStack({ plugins: [createImageClassifierPlugin(), createFacePlugin(), createVideoPlugin()] });
  }, 60_000);
  afterAll(() => stack?.close());

  it('costs a tenant without a watchlist nothing: no face check is reported', async () => {
    const res = await moderate(read('spoof-screen-F2.jpg'));
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result.watchlist).toBeUndefined();
    expect(faceHits(res.body.result)).toEqual([]);
  }, 60_000);

  it('flags an enrolled person in a different photo, at the collection level, and leaves strangers alone', async () => {
    const created = await stack.call('POST', lib, { body: { id: 'officials', moderation: { category: 'politics' } } });
    expect(created.status).toBe(201);
    expect(created.body.moderation).toEqual({ category: 'politics', level: 'block' });
    await enrol('officials', 'person-a', read('live-T1.jpg'));

    const res = await moderate(read('spoof-screen-F2.jpg'));
    expect(res.body.status).toBe('succeeded');
    const result = res.body.result;
    expect(result.verdict).toBe('block');
    expect(result.labels.find((l: { category: string }) => l.category === 'politics')).toMatchObject({ verdict: 'block' });
    expect(result.watchlist).toEqual({ status: 'done', watchlists: ['officials'], faces: 1 });
    const [hit, ...more] = faceHits(result);
    expect(more).toEqual([]);
    expect(hit).toMatchObject({ category: 'politics', source: 'face', collection: 'officials', subjectId: 'person-a', level: 'block', faceId: expect.stringMatching(/^face_/) });
    expect(hit!.similarity).toBeGreaterThanOrEqual(50);
    // The box is the face in the moderated photo (480×640 upright; the face is in its upper middle).
    expect(hit!.box.x).toBeGreaterThan(100);
    expect(hit!.box.y).toBeGreaterThan(150);
    expect(hit!.box.width).toBeGreaterThan(150);

    // A person who is not enrolled: faces are checked, nothing matches.
    const stranger = await moderate(read('group-or-portrait-4.jpg'));
    expect(stranger.body.result.watchlist).toEqual({ status: 'done', watchlists: ['officials'], faces: 1 });
    expect(faceHits(stranger.body.result)).toEqual([]);
    expect(stranger.body.result.labels.some((l: { category: string }) => l.category === 'politics')).toBe(false);

    // Only the categories asked for: a request about porn alone does not look at faces.
    const pornOnly = await moderate(read('spoof-screen-F2.jpg'), { categories: ['porn'] });
    expect(pornOnly.body.result.watchlist).toBeUndefined();
  }, 120_000);

  it('finds a person enrolled from a crop in the whole group photo, in a custom watchlist named by the request', async () => {
    const group = read('group-or-portrait-2.jpg');
    const found = await stack.call('POST', '/v1/face/detect', { body: { image: b64(group) } });
    const child = found.body.faces[0].box;
    expect((await stack.call('POST', lib, { body: { id: 'banned', moderation: { category: 'custom', level: 'review' } } })).status).toBe(201);
    await enrol('banned', 'child-1', await cutFace(group, child));

    const res = await moderate(group, { watchlists: ['banned'] });
    const result = res.body.result;
    expect(result.watchlist).toMatchObject({ status: 'done', watchlists: ['banned'] });
    expect(result.watchlist.faces).toBeGreaterThanOrEqual(5);
    const hits = faceHits(result);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ category: 'custom', collection: 'banned', subjectId: 'child-1', level: 'review' });
    expect(Math.abs(hits[0]!.box.x - child.x)).toBeLessThan(10);
    expect(result.labels.find((l: { category: string }) => l.category === 'custom')).toMatchObject({ verdict: 'review' });
    // A review verdict goes to the review queue, the face as its evidence (checked against the API document like every answer).
    const item = await eventually(async () => {
      const queue = await stack.call('GET', '/v1/reviews?status=pending');
      return queue.body.items.find((i: { jobId: string }) => i.jobId === res.body.id);
    }, 10_000, 'the review item');
    expect(item.evidence.hits).toEqual([expect.objectContaining({ source: 'face', collection: 'banned', subjectId: 'child-1' })]);

    // Named watchlists must be the tenant's watchlists.
    const plain = await stack.call('POST', lib, { body: { id: 'plain' } });
    expect(plain.status).toBe(201);
    const notWatchlist = await moderate(group, { watchlists: ['plain'] });
    expect(notWatchlist.body.status).toBe('failed');
    expect(notWatchlist.body.error.code).toBe('invalid_request');
    expect(notWatchlist.body.error.message).toContain('not a watchlist');
  }, 120_000);

  it('changes level and category by PATCH, and stops checking a collection whose moderation is removed', async () => {
    const patched = await stack.call('PATCH', `${lib}/officials`, { body: { moderation: { category: 'sensitive', level: 'review' } } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'officials', moderation: { category: 'sensitive', level: 'review' }, subjects: 1, faces: 1 });
    const reviewed = await moderate(read('spoof-screen-F2.jpg'));
    expect(faceHits(reviewed.body.result)[0]).toMatchObject({ category: 'sensitive', level: 'review' });
    expect(reviewed.body.result.labels.find((l: { category: string }) => l.category === 'sensitive')).toMatchObject({ verdict: 'review' });

    expect((await stack.call('PATCH', `${lib}/officials`, { body: { moderation: null } })).body.moderation).toBeUndefined();
    const after = await moderate(read('spoof-screen-F2.jpg'));
    expect(after.body.result.watchlist).toEqual({ status: 'done', watchlists: ['banned'], faces: 1 });
    expect(faceHits(after.body.result)).toEqual([]);

    // Strict bodies and tenant scope.
    const typo = await stack.call('PATCH', `${lib}/officials`, { body: { moderaton: null } });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toContain('did you mean "moderation"');
    expect((await stack.call('PATCH', `${lib}/officials`, { body: { moderation: { category: 'weapons' } } })).status).toBe(400);
    expect((await stack.call('PATCH', `${lib}/officials`, { body: { moderation: { category: 'politics' } }, key: KEYS.globex })).status).toBe(404);
    expect((await stack.call('PATCH', `${lib}/officials`, { body: { moderation: { category: 'politics' } } })).body.moderation).toEqual({ category: 'politics', level: 'block' });
  }, 120_000);

  it("never applies another tenant's watchlist", async () => {
    const res = await moderate(read('spoof-screen-F2.jpg'), {}, KEYS.globex);
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result.watchlist).toBeUndefined();
    expect(faceHits(res.body.result)).toEqual([]);
    const named = await moderate(read('spoof-screen-F2.jpg'), { watchlists: ['officials'] }, KEYS.globex);
    expect(named.body.status).toBe('failed');
    expect(named.body.error.code).toBe('not_found');
  }, 60_000);

  it('flags the frames of a video in which a watchlisted person appears, naming who', async () => {
    // Two seconds of a stranger, then two of the group photo with the enrolled child, made with ffmpeg from the photos.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-watch-'));
    try {
      const frame = async (name: string, out: string) =>
        fs.writeFileSync(path.join(dir, out), await sharp(read(name)).rotate().resize(640, 480, { fit: 'contain', background: '#000' }).jpeg({ quality: 92 }).toBuffer());
      await frame('group-or-portrait-4.jpg', 'a.jpg');
      await frame('group-or-portrait-2.jpg', 'b.jpg');
      const clip = makeVideo('watch.mp4', [
        '-loop', '1', '-t', '2', '-framerate', '5', '-i', path.join(dir, 'a.jpg'),
        '-loop', '1', '-t', '2', '-framerate', '5', '-i', path.join(dir, 'b.jpg'),
        '-filter_complex', '[0][1]concat=n=2:v=1', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18',
      ]);
      const res = await stack.call('POST', '/v1/jobs', {
        body: { task: 'video.moderate', input: { video: b64(clip), sampling: { mode: 'interval', seconds: 1 }, allFrames: true } },
        headers: { prefer: 'wait=60' },
      });
      expect(res.body.status).toBe('succeeded');
      const frames = res.body.result.frames as { offsetMs: number; verdict: string; hits?: FaceHit[] }[];
      expect(frames).toHaveLength(4);
      for (const f of frames) {
        const who = (f.hits ?? []).filter((h) => h.source === 'face').map((h) => `${h.collection}/${h.subjectId}`);
        expect(who).toEqual(f.offsetMs >= 2000 ? ['banned/child-1'] : []);
        if (f.offsetMs >= 2000) expect(f.verdict).not.toBe('pass');
      }
      expect(res.body.result.labels.find((l: { category: string }) => l.category === 'custom')).toMatchObject({ verdict: 'review' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('deleting a watchlist collection stops its checks at once', async () => {
    expect((await stack.call('DELETE', `${lib}/banned`)).status).toBe(204);
    const res = await moderate(read('group-or-portrait-2.jpg'));
    expect(res.body.result.watchlist).toEqual({ status: 'done', watchlists: ['officials'], faces: expect.any(Number) });
    expect(faceHits(res.body.result)).toEqual([]);
  }, 60_000);
});
