import { InvalidRequestError } from '@crs/core';

export interface TableRoute<H> {
  method: string;
  path: string;
  value: H;
}

export interface RouteMatch<H> {
  route: TableRoute<H>;
  params: Record<string, string>;
}

interface Compiled<H> {
  route: TableRoute<H>;
  method: string;
  pattern: RegExp;
  names: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new InvalidRequestError(`the path segment "${raw}" is not valid percent-encoding`);
  }
}

/**
 * Matches a request against a route table whose paths name their parameters
 * (`/v1/jobs/:id`), as Express routes do: case-insensitive, a trailing slash
 * allowed, parameters percent-decoded, `HEAD` served by the `GET` route.
 */
export class RouteTable<H> {
  private readonly compiled: Compiled<H>[];

  constructor(routes: TableRoute<H>[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return escape(segment);
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, method: route.method.toUpperCase(), pattern: new RegExp(`^${source}/?$`, 'i'), names };
    });
  }

  /** The route for `method` and `path` (no query string), or null. */
  match(method: string, path: string): RouteMatch<H> | null {
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const c of this.compiled) {
      if (c.method !== wanted) continue;
      const found = c.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => (params[name] = decodeParam(found[i + 1]!)));
      return { route: c.route, params };
    }
    return null;
  }
}
