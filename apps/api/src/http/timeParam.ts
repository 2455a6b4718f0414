import { z } from 'zod';

/** A time in a query string: ISO 8601 with an offset, or epoch milliseconds; parsed to epoch ms. */
export const timeParam = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{10,16}$/, 'an ISO time or epoch milliseconds')])
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : Date.parse(v)));
