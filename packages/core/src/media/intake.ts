import { createHash, randomUUID } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import type { BlobInfo, BlobStore } from '../blobs/blobStore.js';
import { looksLikeJsonLines } from '../classifiers/examplesFile.js';
import { EXAMPLES_CONTENT_TYPE, MAX_EXAMPLES_FILE_BYTES } from '../classifiers/schemas.js';
import type { Config } from '../config.js';
import { FileNotFoundError, InvalidRequestError, MediaTooLargeError, UnsupportedMediaError } from '../errors/index.js';
import type { UrlPolicy } from '../net/checkUrl.js';
import { decodeBase64Input } from './base64.js';
import { fetchMedia } from './fetchMedia.js';
import { ACCEPTED_TYPES, type MediaKind, type MediaRef } from './kinds.js';
import { kindOfType, sniffMediaType } from './sniff.js';
import { limitBytes, splitHead } from './uploadStream.js';

/**
 * How much of an upload is read before its type is judged: enough for every
 * accepted container's signature (and an ID3 tag of ordinary size before MP3
 * frames), little enough that a wrong type is refused long before its end.
 */
export const SNIFF_BYTES = 1024 * 1024;

export interface ResolvedMedia {
  fileId: string;
  /** True when intake stored the bytes for this job (url, base64): the job owns them and deletes them with itself. */
  owned: boolean;
}

/**
 * Turns every way media can arrive (upload, URL, base64) into one stored blob
 * of a sniffed, accepted type within its size limit. Runs in the API, so bad
 * media is refused while the caller is still on the line.
 */
export class MediaIntake {
  constructor(
    private readonly blobs: BlobStore,
    private readonly media: Config['media'],
    private readonly policy: UrlPolicy,
  ) {}

  /** The largest input any kind accepts: the cap for an upload whose kind is not known yet. */
  get maxUploadBytes(): number {
    return Math.max(...Object.values(this.media.maxBytes));
  }

  private checkSize(kind: MediaKind, size: number): void {
    const limit = this.media.maxBytes[kind];
    if (size > limit) {
      throw new MediaTooLargeError(`the ${kind} is ${size} bytes; the limit for ${kind}s is ${limit}`, {
        details: { size, limit, kind },
      });
    }
  }

  /** Stores bytes after sniffing their type; with `kind`, only that kind is accepted. */
  async store(tenant: string, bytes: Buffer, kind?: MediaKind): Promise<BlobInfo> {
    const contentType = await sniffMediaType(bytes, kind);
    this.checkSize(kind ?? kindOfType(contentType)!, bytes.length);
    const info: BlobInfo = {
      id: randomUUID(),
      tenant,
      size: bytes.length,
      contentType,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdAt: Date.now(),
    };
    await this.blobs.put(info, bytes);
    return info;
  }

  /**
   * Stores an upload as it streams in: the type is sniffed from its first
   * bytes and a wrong one refused before the rest is read; the kind's size
   * limit is enforced on the way, and a refused or broken upload leaves
   * nothing in the store.
   */
  async storeStream(tenant: string, file: Readable): Promise<BlobInfo> {
    const { head, whole, abandon } = await splitHead(file, SNIFF_BYTES);
    if (head.length === 0) {
      abandon();
      throw new InvalidRequestError('the uploaded file is empty');
    }
    let contentType: string;
    try {
      contentType = await sniffMediaType(head);
    } catch (err) {
      // Not media: a text classifier's labelled examples may come as a JSON Lines file.
      if (!looksLikeJsonLines(head)) {
        abandon();
        throw err;
      }
      contentType = EXAMPLES_CONTENT_TYPE;
    }
    const kind = kindOfType(contentType);
    const [limit, what] = kind ? [this.media.maxBytes[kind], kind] : [MAX_EXAMPLES_FILE_BYTES, 'examples file'];
    // pipeline, not pipe: the limit's error must reach the store even when it fires before the store reads.
    const limited = pipeline(whole, limitBytes(limit, what), () => undefined);
    return this.blobs.putStream({ id: randomUUID(), tenant, contentType, createdAt: Date.now() }, limited);
  }

  async resolve(tenant: string, ref: MediaRef, kind: MediaKind): Promise<ResolvedMedia> {
    const limit = this.media.maxBytes[kind];
    if ('fileId' in ref) {
      const info = await this.blobs.head(tenant, ref.fileId);
      if (!info) throw new FileNotFoundError(`no file ${ref.fileId}: upload it with POST /v1/files first (files expire after the retention period)`);
      // An uploaded file was sniffed on upload, but not for this kind.
      if (!ACCEPTED_TYPES[kind].includes(info.contentType)) {
        throw new UnsupportedMediaError(`file ${ref.fileId} holds ${info.contentType}; this input takes ${kind}s`, {
          details: { detected: info.contentType, kind },
        });
      }
      this.checkSize(kind, info.size);
      return { fileId: info.id, owned: false };
    }
    const bytes =
      'url' in ref
        ? (await fetchMedia(ref.url, this.policy, { maxBytes: limit, ...this.media.fetch })).bytes
        : decodeBase64Input(ref.base64, limit);
    const info = await this.store(tenant, bytes, kind);
    return { fileId: info.id, owned: true };
  }
}
