import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * HTTP Basic for operator pages: any user name, password = `ADMIN_TOKEN`. With
 * no token configured the pages stay shut rather than open.
 */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  const expected = adminToken ? digest(adminToken) : null;
  return (req, res, next) => {
    const match = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const password = decoded.slice(decoded.indexOf(':') + 1);
    if (expected && match && decoded.includes(':') && timingSafeEqual(digest(password), expected)) return next();
    res.set('WWW-Authenticate', 'Basic realm="crs admin", charset="UTF-8"');
    res.status(401).json({
      error: {
        code: 'unauthorized',
        message: expected ? 'admin credentials required (password = ADMIN_TOKEN)' : 'set ADMIN_TOKEN to enable the admin pages',
      },
    });
  };
}
