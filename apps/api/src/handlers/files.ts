import { FILE_ID_PATTERN, NotFoundError, type BlobInfo, type StoredFileView } from '@crs/core';
import type { ApiContext } from '../context.js';
import { receiveUpload } from '../http/receiveUpload.js';
import { tenantOf, type Handler } from '../http/types.js';

function view(info: BlobInfo): StoredFileView {
  return { id: info.id, size: info.size, contentType: info.contentType, sha256: info.sha256, createdAt: new Date(info.createdAt).toISOString() };
}

function fileId(raw: string | undefined): string {
  // A malformed id can name no file; checking it keeps it out of storage paths.
  if (!raw || !FILE_ID_PATTERN.test(raw)) throw new NotFoundError(`no file ${raw}`);
  return raw;
}

/** `POST /v1/files`: multipart upload, streamed to the blob store; the type is sniffed from the first bytes and the file kept for the retention period. */
export const uploadFile =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    const limits = { maxBytes: ctx.intake.maxUploadBytes, idleTimeoutMs: ctx.config.server.uploadIdleTimeoutMs };
    const info = await receiveUpload(req.stream, req.headers, limits, (file) => ctx.intake.storeStream(tenant, file));
    return { status: 201, body: view(info), headers: { Location: `/v1/files/${info.id}` } };
  };

/** `GET /v1/files/:id`: the bytes, to their owner only. */
export const downloadFile =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const id = fileId(req.params.fileId);
    // Streamed from the store, so a large video never sits whole in the API's memory.
    const found = await ctx.blobs.getStream(tenantOf(req), id);
    if (!found) throw new NotFoundError(`no file ${id}`);
    return {
      status: 200,
      stream: found.body,
      headers: {
        'Content-Type': found.info.contentType,
        'Content-Length': String(found.info.size),
        'Content-Disposition': 'attachment',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        ETag: `"${found.info.sha256}"`,
      },
    };
  };

/** `DELETE /v1/files/:id`: gone at once. */
export const deleteFile =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const id = fileId(req.params.fileId);
    if (!(await ctx.blobs.delete(tenantOf(req), id))) throw new NotFoundError(`no file ${id}`);
    return { status: 204 };
  };
