import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when `authorization` is `Bearer <token>`; compared in constant time, so timing tells nothing of the token. */
export function hasBearerToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return !!match && timingSafeEqual(digest(match[1]!), digest(token));
}

/** The 401 body for an endpoint guarded by a bearer token (`METRICS_TOKEN`). */
export const BEARER_REQUIRED = { error: { code: 'unauthorized', message: 'send the metrics token as "Authorization: Bearer <token>"' } } as const;
