import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredObject {
  body: Buffer;
  contentType: string;
  meta: Record<string, string>;
  lastModified: Date;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>${body}`;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The subset of the S3 REST protocol the blob store uses (path-style PUT, GET,
 * HEAD and DELETE of objects, ListObjectsV2, multi-object delete, multipart
 * uploads, copy with replaced metadata), on loopback,
 * so the real AWS SDK is exercised over real HTTP where no object store can run.
 */
export async function startS3Server() {
  const objects = new Map<string, StoredObject>();
  const uploads = new Map<string, { id: string; parts: Map<number, Buffer>; contentType: string; meta: Record<string, string> }>();
  /** Objects that arrived by multipart upload, in order. */
  const multipartCompleted: string[] = [];
  let uploadCount = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://s3.local');
      const [, bucket, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const id = `${bucket}/${key}`;
      const body = Buffer.concat(chunks);
      const meta: Record<string, string> = {};
      for (const [h, v] of Object.entries(req.headers)) if (h.startsWith('x-amz-meta-')) meta[h.slice(11)] = String(v);
      const contentType = String(req.headers['content-type'] ?? 'application/octet-stream');
      const uploadId = url.searchParams.get('uploadId');
      if (req.method === 'POST' && url.searchParams.has('uploads')) {
        const upload = `u${++uploadCount}`;
        uploads.set(upload, { id, parts: new Map(), contentType, meta });
        res.writeHead(200, { 'content-type': 'application/xml' }).end(xml(`<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escape(key)}</Key><UploadId>${upload}</UploadId></InitiateMultipartUploadResult>`));
      } else if (req.method === 'PUT' && uploadId) {
        const upload = uploads.get(uploadId);
        if (!upload) return void res.writeHead(404, { 'content-type': 'application/xml' }).end(xml('<Error><Code>NoSuchUpload</Code></Error>'));
        upload.parts.set(Number(url.searchParams.get('partNumber')), body);
        res.writeHead(200, { etag: `"p${url.searchParams.get('partNumber')}"` }).end();
      } else if (req.method === 'POST' && uploadId) {
        const upload = uploads.get(uploadId);
        if (!upload) return void res.writeHead(404, { 'content-type': 'application/xml' }).end(xml('<Error><Code>NoSuchUpload</Code></Error>'));
        uploads.delete(uploadId);
        const parts = [...upload.parts.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
        objects.set(upload.id, { body: Buffer.concat(parts), contentType: upload.contentType, meta: upload.meta, lastModified: new Date() });
        multipartCompleted.push(upload.id);
        res.writeHead(200, { 'content-type': 'application/xml' }).end(xml(`<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escape(key)}</Key><ETag>"m"</ETag></CompleteMultipartUploadResult>`));
      } else if (req.method === 'DELETE' && uploadId) {
        uploads.delete(uploadId);
        res.writeHead(204).end();
      } else if (req.method === 'PUT' && key && req.headers['x-amz-copy-source']) {
        const source = objects.get(decodeURIComponent(String(req.headers['x-amz-copy-source']).replace(/^\//, '')));
        if (!source) return void res.writeHead(404, { 'content-type': 'application/xml' }).end(xml('<Error><Code>NoSuchKey</Code></Error>'));
        const replace = req.headers['x-amz-metadata-directive'] === 'REPLACE';
        objects.set(id, { body: source.body, contentType: replace ? contentType : source.contentType, meta: replace ? meta : source.meta, lastModified: new Date() });
        res.writeHead(200, { 'content-type': 'application/xml' }).end(xml(`<CopyObjectResult><ETag>"c"</ETag><LastModified>${new Date().toISOString()}</LastModified></CopyObjectResult>`));
      } else if (req.method === 'PUT' && key) {
        objects.set(id, { body, contentType, meta, lastModified: new Date() });
        res.writeHead(200, { etag: '"x"' }).end();
      } else if ((req.method === 'GET' || req.method === 'HEAD') && key) {
        const o = objects.get(id);
        if (!o) {
          res.writeHead(404, { 'content-type': 'application/xml' }).end(req.method === 'GET' ? xml('<Error><Code>NoSuchKey</Code></Error>') : undefined);
          return;
        }
        const headers: Record<string, string> = { 'content-type': o.contentType, 'content-length': String(o.body.length), 'last-modified': o.lastModified.toUTCString() };
        for (const [k, v] of Object.entries(o.meta)) headers[`x-amz-meta-${k}`] = v;
        res.writeHead(200, headers).end(req.method === 'GET' ? o.body : undefined);
      } else if (req.method === 'DELETE' && key) {
        objects.delete(id);
        res.writeHead(204).end();
      } else if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const items = [...objects.entries()]
          .filter(([k]) => k.startsWith(`${bucket}/${prefix}`))
          .map(([k, o]) => `<Contents><Key>${escape(k.slice(bucket!.length + 1))}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><Size>${o.body.length}</Size></Contents>`);
        res.writeHead(200, { 'content-type': 'application/xml' }).end(xml(`<ListBucketResult><Name>${bucket}</Name><IsTruncated>false</IsTruncated><KeyCount>${items.length}</KeyCount>${items.join('')}</ListBucketResult>`));
      } else if (req.method === 'POST' && url.searchParams.has('delete')) {
        for (const m of body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)) objects.delete(`${bucket}/${m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')}`);
        res.writeHead(200, { 'content-type': 'application/xml' }).end(xml('<DeleteResult></DeleteResult>'));
      } else {
        res.writeHead(400).end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    uploads,
    multipartCompleted,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
