import fs from 'node:fs';
import path from 'node:path';
import { augment, createFacePlugin, cutFace } from '@crs/plugin-face';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startStack, type Stack } from './helpers/stack.js';

/** The face plugin's test photos (with their provenance); the models are the ones models/ ships. */
const FACES = path.resolve(import.meta.dirname, '../../../plugins/face/testdata/faces');
const read = (name: string) => fs.readFileSync(path.join(FACES, name));
const b64 = (bytes: Buffer) => ({ base64: bytes.toString('base64') });

describe('face service end to end', () => {
  let stack: Stack;
  /** Single-person photos cut from the group photo: [0] and [1] are two different children. */
  const people: Buffer[] = [];
  const group = read('group-or-portrait-2.jpg');

  beforeAll(async () => {
    // Calls kept whole (SYNC_KEEP_CONTENT), so a test can read a sync call's BullMQ job (its attempts).
    stack = await startStack({ plugins: [createFacePlugin()], env: { SYNC_KEEP_CONTENT: 'acme' } });
    const found = await stack.call('POST', '/v1/face/detect', { body: { image: b64(group) } });
    expect(found.status).toBe(200);
    for (const face of found.body.faces.slice(0, 3)) people.push(await cutFace(group, face.box));
  }, 60_000);
  afterAll(() => stack?.close());

  const lib = '/v1/face/collections';

  it('detects every face with landmarks and quality hints', async () => {
    const res = await stack.call('POST', '/v1/face/detect', { body: { image: b64(read('group-or-portrait-1.jpg')), maxFaces: 20 } });
    expect(res.status).toBe(200);
    expect(res.body.image).toEqual({ width: 1024, height: 768 });
    expect(res.body.faces).toHaveLength(8);
    expect(res.body.faces[0]).toMatchObject({
      box: { x: expect.any(Number), width: expect.any(Number) },
      landmarks: { rightEye: expect.any(Array), nose: expect.any(Array) },
      quality: { size: expect.any(Number), sharpness: expect.any(Number), pose: { yaw: expect.any(Number) }, usable: expect.any(Boolean) },
    });
    expect(res.body.jobId).toEqual(expect.any(String));
  }, 60_000);

  it('compares two images and an image with a stored face', async () => {
    const same = await stack.call('POST', '/v1/face/compare', { body: { image: b64(people[0]!), image2: b64(await augment(people[0]!, 'tilted')) } });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ match: true, threshold: 50, model: 'mobilefacenet-foamliu' });
    expect(same.body.similarity).toBeGreaterThan(60);
    const other = await stack.call('POST', '/v1/face/compare', { body: { image: b64(people[0]!), image2: b64(people[1]!) } });
    expect(other.body.match).toBe(false);
    expect(other.body.similarity).toBeLessThan(45);
    const strict = await stack.call('POST', '/v1/face/compare', { body: { image: b64(people[0]!), image2: b64(await augment(people[0]!, 'tilted')), threshold: 99.9 } });
    expect(strict.body.match).toBe(false);
  }, 60_000);

  it('builds a library, searches it 1:N and M:N, and forgets a deleted subject at once', async () => {
    expect((await stack.call('POST', lib, { body: { id: 'staff', name: 'Staff', retainImages: true } })).status).toBe(201);
    expect((await stack.call('POST', lib, { body: { id: 'staff' } })).body.error.code).toBe('already_exists');
    for (const [i, id] of ['alice', 'bea'].entries()) {
      expect((await stack.call('POST', `${lib}/staff/subjects`, { body: { id, metadata: { badge: 100 + i } } })).status).toBe(201);
      const added = await stack.call('POST', `${lib}/staff/subjects/${id}/faces`, { body: { image: b64(people[i]!), metadata: { source: 'badge photo' } } });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ id: expect.stringMatching(/^face_/), subjectId: id, hasImage: true, metadata: { source: 'badge photo' } });
    }
    const collection = await stack.call('GET', `${lib}/staff`);
    expect(collection.body).toMatchObject({ id: 'staff', subjects: 2, faces: 2, model: 'mobilefacenet-foamliu' });

    const one = await stack.call('POST', '/v1/face/search', { body: { image: b64(await augment(people[1]!, 'darker')), collection: 'staff' } });
    expect(one.status).toBe(200);
    expect(one.body.searched).toBe(2);
    expect(one.body.faces[0].matches[0]).toMatchObject({ subjectId: 'bea', match: true });
    expect(one.body.faces[0].matches[1]).toMatchObject({ subjectId: 'alice', match: false });

    const many = await stack.call('POST', '/v1/face/search', { body: { image: b64(group), collection: 'staff', maxFaces: 10, topK: 1 } });
    expect(many.body.faces).toHaveLength(5);
    const matched = many.body.faces.filter((f: { matches: { match: boolean }[] }) => f.matches[0]!.match).map((f: { matches: { subjectId: string }[] }) => f.matches[0]!.subjectId);
    expect(matched.sort()).toEqual(['alice', 'bea']);

    const subject = await stack.call('GET', `${lib}/staff/subjects/bea`);
    expect(subject.body).toMatchObject({ id: 'bea', metadata: { badge: 101 }, faces: [{ subjectId: 'bea' }] });
    const faceId = subject.body.faces[0].id;
    const image = await fetch(`${stack.baseUrl}${lib}/staff/subjects/bea/faces/${faceId}/image`, { headers: { authorization: `Bearer ${KEYS.acme}` } });
    expect(image.headers.get('content-type')).toBe('image/png');
    const stored = await stack.call('POST', '/v1/face/compare', { body: { image: b64(people[1]!), face: { collection: 'staff', faceId } } });
    expect(stored.body).toMatchObject({ match: true, faces: [expect.any(Object), null] });

    expect((await stack.call('DELETE', `${lib}/staff/subjects/bea`)).status).toBe(204);
    expect((await stack.call('GET', `${lib}/staff/subjects/bea`)).status).toBe(404);
    const after = await stack.call('POST', '/v1/face/search', { body: { image: b64(people[1]!), collection: 'staff' } });
    expect(after.body.searched).toBe(1);
    expect(after.body.faces[0].matches.map((m: { subjectId: string }) => m.subjectId)).toEqual(['alice']);
    expect(after.body.faces[0].matches[0].match).toBe(false);
    const gone = await stack.call('POST', '/v1/face/compare', { body: { image: b64(people[1]!), face: { collection: 'staff', faceId } } });
    expect(gone.status).toBe(404);
    const keys = await stack.ctx.redis.keys(`${stack.prefix}:face:acme:staff:*`);
    const values = await Promise.all(keys.filter((k) => !k.endsWith(':version') && !k.endsWith(':model')).map(async (k) => JSON.stringify(await stack.ctx.redis.dump(k))));
    expect(values.join('')).not.toContain(faceId);
  }, 120_000);

  it('keeps each tenant to its own library: another tenant gets 404 everywhere', async () => {
    await stack.call('POST', lib, { body: { id: 'private' } });
    await stack.call('POST', `${lib}/private/subjects`, { body: { id: 'p1' } });
    const added = await stack.call('POST', `${lib}/private/subjects/p1/faces`, { body: { image: b64(people[2]!) } });
    expect(added.status).toBe(201);
    const other = { key: KEYS.globex };
    expect((await stack.call('GET', `${lib}/private`, other)).status).toBe(404);
    expect((await stack.call('GET', `${lib}/private/subjects/p1`, other)).status).toBe(404);
    expect((await stack.call('GET', `${lib}/private/subjects/p1/faces/${added.body.id}`, other)).status).toBe(404);
    expect((await stack.call('DELETE', `${lib}/private`, other)).status).toBe(404);
    expect((await stack.call('GET', lib, other)).body.collections).toEqual([]);
    const search = await stack.call('POST', '/v1/face/search', { ...other, body: { image: b64(people[2]!), collection: 'private' } });
    expect(search.status).toBe(404);
    const compare = await stack.call('POST', '/v1/face/compare', { ...other, body: { image: b64(people[2]!), face: { collection: 'private', faceId: added.body.id } } });
    expect(compare.status).toBe(404);
    expect((await stack.call('GET', `${lib}/private/subjects/p1/faces/${added.body.id}`)).status).toBe(200);
  }, 60_000);

  it('deletes a whole collection with every embedding in it', async () => {
    await stack.call('POST', lib, { body: { id: 'temp' } });
    await stack.call('POST', `${lib}/temp/subjects`, { body: { id: 't1' } });
    expect((await stack.call('POST', `${lib}/temp/subjects/t1/faces`, { body: { image: b64(people[0]!) } })).status).toBe(201);
    // Searched once, so the worker holds the collection's index in its cache.
    expect((await stack.call('POST', '/v1/face/search', { body: { image: b64(people[0]!), collection: 'temp' } })).body.searched).toBe(1);
    expect((await stack.call('DELETE', `${lib}/temp`)).status).toBe(204);
    expect((await stack.call('GET', `${lib}/temp`)).status).toBe(404);
    // Every key of it, the version counter included: its name says the collection was there.
    expect(await stack.ctx.redis.keys(`${stack.prefix}:face:acme:temp:*`)).toEqual([]);
    expect((await stack.call('POST', '/v1/face/search', { body: { image: b64(people[0]!), collection: 'temp' } })).status).toBe(404);
    // Made again under the same id, it is a new, empty collection: the cached index of the old one does not pass for it.
    expect((await stack.call('POST', lib, { body: { id: 'temp' } })).status).toBe(201);
    const fresh = await stack.call('POST', '/v1/face/search', { body: { image: b64(people[0]!), collection: 'temp' } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.searched).toBe(0);
    expect((await stack.call('DELETE', `${lib}/temp`)).status).toBe(204);
  }, 60_000);

  it('scores liveness of a live photo and of a screen replay', async () => {
    const live = await stack.call('POST', '/v1/face/liveness', { body: { image: b64(read('live-T1.jpg')) } });
    expect(live.body.faces[0].liveness).toMatchObject({ live: true, models: [{ name: 'minifasnet-v2' }, { name: 'minifasnet-v1se' }] });
    const spoof = await stack.call('POST', '/v1/face/liveness', { body: { image: b64(read('spoof-screen-F2.jpg')) } });
    expect(spoof.body.faces[0].liveness.live).toBe(false);
  }, 60_000);

  it('returns the embedding for clients with their own index', async () => {
    const res = await stack.call('POST', '/v1/jobs', { body: { task: 'face.embed', input: { image: b64(people[0]!) } }, headers: { prefer: 'wait=30' } });
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result).toMatchObject({ model: 'mobilefacenet-foamliu', dim: 128 });
    expect(res.body.result.faces[0].embedding).toHaveLength(128);
  }, 60_000);

  it('answers bad input with clear 4xx errors and fails a faceless image once', async () => {
    const blank = (await import('sharp')).default({ create: { width: 200, height: 200, channels: 3, background: '#345' } }).png().toBuffer();
    await stack.call('POST', lib, { body: { id: 'errs' } });
    await stack.call('POST', `${lib}/errs/subjects`, { body: { id: 'e1' } });
    const noFace = await stack.call('POST', `${lib}/errs/subjects/e1/faces`, { body: { image: b64(await blank) } });
    expect(noFace.status).toBe(422);
    expect(noFace.body.error.code).toBe('no_face_found');
    expect((await stack.ctx.queues.task('face.enroll').getJob(noFace.body.jobId))?.attemptsMade).toBe(1);
    // Finding no face is detection's answer, not an error (README, Faces: Errors).
    const none = await stack.call('POST', '/v1/face/detect', { body: { image: b64(await blank) } });
    expect({ status: none.status, faces: none.body.faces }).toEqual({ status: 200, faces: [] });
    expect((await stack.call('POST', `${lib}/errs/subjects/nobody/faces`, { body: { image: b64(people[0]!) } })).status).toBe(404);
    expect((await stack.call('POST', `${lib}/nope/subjects`, { body: { id: 'x' } })).status).toBe(404);
    const both = await stack.call('POST', '/v1/face/compare', { body: { image: b64(people[0]!) } });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toContain('exactly one of image2');
    expect((await stack.call('POST', lib, { body: { id: 'bad id!' } })).body.error.code).toBe('invalid_request');
    expect((await stack.call('POST', '/v1/face/detect', { body: { image: { base64: 'aGVsbG8gd29ybGQ=' } } })).body.error.code).toBe('unsupported_media');
  }, 60_000);
});
