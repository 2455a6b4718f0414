import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * HTTP Basic for operator pages: any user name, a password from `tokens`
 * (`ADMIN_TOKEN`, and `OPERATOR_TOKEN` where read-only access is enough). With
 * no token configured the pages stay shut rather than open.
 */
export function requireBasic(tokens: (string | undefined)[], what: string): RequestHandler {
  const expected = tokens.filter((t): t is string => !!t).map(digest);
  return (req, res, next) => {
    const match = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const password = digest(decoded.slice(decoded.indexOf(':') + 1));
    // Compare against every token so the time taken does not tell which one matched.
    const ok = match && decoded.includes(':') && expected.map((e) => timingSafeEqual(password, e)).some(Boolean);
    if (ok) return next();
    res.set('WWW-Authenticate', 'Basic realm="crs admin", charset="UTF-8"');
    res.status(401).json({
      error: {
        code: 'unauthorized',
        message: expected.length ? `${what} credentials required` : 'set ADMIN_TOKEN (or OPERATOR_TOKEN) to enable the operator pages',
      },
    });
  };
}

export const requireAdmin = (adminToken: string | undefined) => requireBasic([adminToken], 'admin (password = ADMIN_TOKEN)');
