import type { Readable } from 'node:stream';

/** What the service knows of a stored file, kept with the bytes themselves. */
export interface BlobInfo {
  id: string;
  tenant: string;
  size: number;
  contentType: string;
  sha256: string;
  /** Epoch ms; the retention clock starts here. */
  createdAt: number;
}

/** Inclusive byte offsets, as an HTTP `Range: bytes=start-end` names them. */
export interface ByteRange {
  start: number;
  end?: number;
}

/** A blob about to be written from a stream: what is known before its bytes. */
export type BlobDraft = Omit<BlobInfo, 'size' | 'sha256'>;

/**
 * Where media lives between intake and the worker that reads it. Every call is
 * scoped by tenant: a tenant asking for another tenant's id finds nothing.
 * Implementations: the local filesystem (one host) and S3-compatible object
 * storage (several hosts).
 */
export interface BlobStore {
  readonly kind: 'fs' | 's3';
  put(info: BlobInfo, bytes: Uint8Array): Promise<void>;
  /**
   * Writes a blob from a stream without holding it in memory; its size and
   * sha256 are measured on the way. When `body` fails (too large, cut short),
   * nothing of the blob is left behind and the error is rethrown.
   */
  putStream(draft: BlobDraft, body: Readable): Promise<BlobInfo>;
  /** Null when the blob does not exist for this tenant. */
  head(tenant: string, id: string): Promise<BlobInfo | null>;
  /** Null when the blob does not exist for this tenant. */
  get(tenant: string, id: string): Promise<{ info: BlobInfo; bytes: Buffer } | null>;
  /**
   * The blob's bytes as a stream, all of them or the inclusive byte `range` (`end` past the last
   * byte reads to the end), never held whole in memory: an S3 store reads it with a ranged
   * GetObject. Null when the blob does not exist for this tenant.
   */
  getStream(tenant: string, id: string, range?: ByteRange): Promise<{ info: BlobInfo; body: Readable } | null>;
  /**
   * A path on this host where the blob can be read in place, for tools that
   * seek in files (ffmpeg); null when the store is remote or the blob is missing.
   */
  localPath(tenant: string, id: string): Promise<string | null>;
  /** True when something was deleted. */
  delete(tenant: string, id: string): Promise<boolean>;
  /** Deletes every blob created before `cutoff` (epoch ms); returns how many went. */
  sweep(cutoff: number): Promise<number>;
  close(): Promise<void>;
}
