import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { BlobDraft, BlobInfo, BlobStore, ByteRange } from './blobStore.js';
import { measure } from './measure.js';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** Every key starts with it, so one bucket can hold several deployments. */
  keyPrefix: string;
  /** Injected by tests; built from the options otherwise (credentials from the usual AWS variables). */
  client?: S3Client;
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Blobs in S3-compatible object storage, for deployments with several hosts.
 * The description travels as object metadata, so a blob is one object. A
 * bucket lifecycle rule at the retention period is a good second line behind `sweep`.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.client =
      options.client ??
      new S3Client({
        region: options.region,
        forcePathStyle: options.forcePathStyle,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      });
  }

  private key(tenant: string, id: string): string {
    return `${this.options.keyPrefix}t_${tenant}/${id}`;
  }

  private infoFrom(tenant: string, id: string, meta: Record<string, string> | undefined, size: number, type: string | undefined): BlobInfo | null {
    if (!meta || meta.tenant !== tenant) return null;
    return { id, tenant, size, contentType: type ?? 'application/octet-stream', sha256: meta.sha256 ?? '', createdAt: Number(meta['created-at'] ?? 0) };
  }

  async put(info: BlobInfo, bytes: Uint8Array): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(info.tenant, info.id),
        Body: bytes,
        ContentType: info.contentType,
        Metadata: this.metadata(info),
      }),
    );
  }

  /**
   * A multipart upload (parts of 5 MiB, a few in flight) to a staging key, then
   * a server-side copy to the blob's key carrying the description, which is only
   * known once the last byte passed (size, sha256). The staging key goes either
   * way; a failed upload's parts are aborted by the SDK, and the sweep (prefix)
   * would remove any staging object left by a crash.
   */
  async putStream(draft: BlobDraft, body: Readable): Promise<BlobInfo> {
    const key = this.key(draft.tenant, draft.id);
    const staging = `${key}.part`;
    const meter = measure();
    // The body's errors (too large, cut short) must reach the upload through the meter, and are the
    // caller's answer even when aborting the multipart upload fails as well (lib-storage then throws the abort's error).
    let bodyError: Error | undefined;
    body.on('error', (err) => meter.destroy((bodyError = err)));
    body.pipe(meter);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: staging, Body: meter, ContentType: draft.contentType },
      queueSize: 2,
    });
    try {
      await upload.done();
    } catch (err) {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: staging })).catch(() => undefined);
      throw bodyError ?? err;
    }
    const info: BlobInfo = { ...draft, size: meter.bytes, sha256: meter.sha256() };
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          CopySource: `${this.options.bucket}/${encodeURIComponent(staging).replace(/%2F/g, '/')}`,
          MetadataDirective: 'REPLACE',
          ContentType: info.contentType,
          Metadata: this.metadata(info),
        }),
      );
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: staging })).catch(() => undefined);
    }
    return info;
  }

  private metadata(info: BlobInfo): Record<string, string> {
    return { tenant: info.tenant, sha256: info.sha256, 'created-at': String(info.createdAt) };
  }

  async head(tenant: string, id: string): Promise<BlobInfo | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(tenant, id) }));
      return this.infoFrom(tenant, id, out.Metadata, out.ContentLength ?? 0, out.ContentType);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async get(tenant: string, id: string): Promise<{ info: BlobInfo; bytes: Buffer } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(tenant, id) }));
      const bytes = Buffer.from(await out.Body!.transformToByteArray());
      const info = this.infoFrom(tenant, id, out.Metadata, bytes.length, out.ContentType);
      return info ? { info, bytes } : null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async getStream(tenant: string, id: string, range?: ByteRange): Promise<{ info: BlobInfo; body: Readable } | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.key(tenant, id),
          ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
        }),
      );
      const body = out.Body as Readable;
      // A ranged answer's Content-Range ends with the object's whole size ("bytes 0-99/12345").
      const size = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : (out.ContentLength ?? 0);
      const info = this.infoFrom(tenant, id, out.Metadata, size, out.ContentType);
      if (!info) {
        body.destroy();
        return null;
      }
      return { info, body };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async localPath(): Promise<string | null> {
    return null;
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const existed = (await this.head(tenant, id)) !== null;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(tenant, id) }));
    return existed;
  }

  async sweep(cutoff: number): Promise<number> {
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.options.keyPrefix, ContinuationToken: token }),
      );
      const old = (page.Contents ?? []).filter((o) => o.Key && o.LastModified && o.LastModified.getTime() < cutoff);
      if (old.length) {
        await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: old.map((o) => ({ Key: o.Key! })), Quiet: true } }),
        );
        removed += old.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
