import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../src/index.js';
import { startS3Server } from './helpers/s3Server.js';

describe('S3BlobStore through the AWS SDK', () => {
  let s3: Awaited<ReturnType<typeof startS3Server>>;
  let store: S3BlobStore;

  beforeAll(async () => {
    s3 = await startS3Server();
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test-secret' },
    });
    store = new S3BlobStore({ bucket: 'media', region: 'us-east-1', forcePathStyle: true, keyPrefix: 'crs/', client });
  });
  afterAll(async () => {
    await store.close();
    await s3.close();
  });

  const info = (tenant: string) => ({ id: randomUUID(), tenant, size: 5, contentType: 'image/png', sha256: 'abc', createdAt: Date.now() });

  it('stores bytes with their description, per tenant', async () => {
    const a = info('acme');
    await store.put(a, Buffer.from('hello'));
    expect([...s3.objects.keys()]).toContain(`media/crs/t_acme/${a.id}`);
    const got = await store.get('acme', a.id);
    expect(got?.bytes.toString()).toBe('hello');
    expect(got?.info).toMatchObject({ id: a.id, tenant: 'acme', contentType: 'image/png', sha256: 'abc', createdAt: a.createdAt });
    expect(await store.head('acme', a.id)).toMatchObject({ size: 5 });
    expect(await store.get('globex', a.id)).toBeNull();
    expect(await store.head('globex', a.id)).toBeNull();
  });

  it('deletes one blob, and sweeps those older than the cutoff', async () => {
    const a = info('acme');
    const b = info('acme');
    await store.put(a, Buffer.from('aaaaa'));
    await store.put(b, Buffer.from('bbbbb'));
    expect(await store.delete('acme', a.id)).toBe(true);
    expect(await store.delete('acme', a.id)).toBe(false);
    expect(await store.get('acme', a.id)).toBeNull();
    expect(await store.sweep(Date.now() - 60_000)).toBe(0);
    expect(await store.sweep(Date.now() + 60_000)).toBeGreaterThanOrEqual(1);
    expect(await store.get('acme', b.id)).toBeNull();
  });
});

describe('S3BlobStore.putStream: a multipart upload, never whole in memory', () => {
  let s3: Awaited<ReturnType<typeof startS3Server>>;
  let store: S3BlobStore;

  beforeAll(async () => {
    s3 = await startS3Server();
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test-secret' } });
    store = new S3BlobStore({ bucket: 'media', region: 'us-east-1', forcePathStyle: true, keyPrefix: 'crs/', client });
  });
  afterAll(async () => {
    await store.close();
    await s3.close();
  });

  const draft = () => ({ id: randomUUID(), tenant: 'acme', contentType: 'video/mp4', createdAt: Date.now() });
  /** 12 MiB in 64 KiB chunks, generated as it is read: more than two 5 MiB parts. */
  const generated = (total = 12 * 1024 * 1024) =>
    Readable.from(
      (function* () {
        for (let at = 0; at < total; at += 65_536) yield Buffer.alloc(Math.min(65_536, total - at), at / 65_536);
      })(),
    );

  it('uploads in parts, then gives the blob its description (size, sha256) with nothing left at the staging key', async () => {
    const d = draft();
    const expected = createHash('sha256');
    for await (const c of generated()) expected.update(c as Buffer);
    const info = await store.putStream(d, generated());
    expect(info).toMatchObject({ ...d, size: 12 * 1024 * 1024, sha256: expected.digest('hex') });
    expect(s3.multipartCompleted).toContain(`media/crs/t_acme/${d.id}.part`);
    expect([...s3.objects.keys()].filter((k) => k.includes(d.id))).toEqual([`media/crs/t_acme/${d.id}`]);
    expect(await store.head('acme', d.id)).toMatchObject({ size: info.size, sha256: info.sha256, contentType: 'video/mp4' });
    const got = await store.get('acme', d.id);
    expect(createHash('sha256').update(got!.bytes).digest('hex')).toBe(info.sha256);
  });

  it('leaves nothing behind when the body fails midway, and rethrows its error', async () => {
    const d = draft();
    const failing = Readable.from(
      (function* () {
        for (let i = 0; i < 150; i++) yield Buffer.alloc(65_536, 7);
        throw new Error('the client went away');
      })(),
    );
    await expect(store.putStream(d, failing)).rejects.toThrow('the client went away');
    expect([...s3.objects.keys()].filter((k) => k.includes(d.id))).toEqual([]);
    expect(s3.uploads.size).toBe(0);
    expect(await store.head('acme', d.id)).toBeNull();
  });
});
