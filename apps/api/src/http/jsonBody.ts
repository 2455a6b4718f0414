import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Request, type Response } from 'express';
import type { Config } from '@crs/core';

/** Big enough for an image of the largest allowed size sent inline as base64; larger media go by upload or URL. */
export function jsonBodyLimit(config: Config): number {
  return Math.max(config.server.bodyLimitBytes, Math.ceil((config.media.maxBytes.image * 4) / 3) + 64 * 1024);
}

/**
 * Reads a request's JSON body (undefined when it has none). Multipart bodies
 * are uploads, left unread for their handler to stream; body-parser's errors
 * (bad JSON, too large, not UTF-8) reject and map to 4xx codes.
 */
export function jsonBodyReader(config: Config): (req: IncomingMessage, res: ServerResponse) => Promise<unknown> {
  const parse = express.json({
    limit: jsonBodyLimit(config),
    strict: false,
    type: (req) => !String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/'),
  });
  return (req, res) =>
    new Promise((resolve, reject) => {
      parse(req as Request, res as Response, (err?: unknown) => (err ? reject(err) : resolve((req as { body?: unknown }).body)));
    });
}
