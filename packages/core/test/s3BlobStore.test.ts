import { randomUUID } from 'node:crypto';
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
