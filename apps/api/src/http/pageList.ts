import { z } from 'zod';
import { InvalidRequestError, parseWith } from '@crs/core';

/** Query of the lists that can grow (lexicons, face collections, subjects, faces), as `GET /v1/jobs` pages. */
export const listPageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(400).optional().describe('nextCursor of the previous page'),
});

interface Listed {
  id: string;
  createdAt: string;
}

const encode = (item: Listed) => Buffer.from(`${item.createdAt}|${item.id}`).toString('base64url');

function decode(raw: string): Listed {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar <= 0 || bar === text.length - 1) throw new InvalidRequestError('query.cursor is not one this API returned');
  return { createdAt: text.slice(0, bar), id: text.slice(bar + 1) };
}

const order = (a: Listed, b: Listed) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * One page of `items`, oldest first: the cursor names the last item seen by
 * its creation time and id, so a page stays right when items before it are
 * deleted or new ones are added.
 */
export function pageList<T extends Listed>(items: T[], query: Record<string, unknown>): { items: T[]; nextCursor: string | null } {
  const q = parseWith(listPageQuerySchema, query, 'query');
  const after = q.cursor ? decode(q.cursor) : undefined;
  const sorted = [...items].sort(order);
  const rest = after ? sorted.filter((item) => order(item, after) > 0) : sorted;
  const page = rest.slice(0, q.limit);
  return { items: page, nextCursor: rest.length > q.limit ? encode(page[page.length - 1]!) : null };
}
