import { InvalidRequestError } from '@crs/core';
import { describe, expect, it } from 'vitest';
import { RouteTable } from '../src/http/routeTable.js';
import { routes } from '../src/routes.js';

const table = new RouteTable([
  { method: 'get', path: '/v1/jobs', value: 'list' },
  { method: 'post', path: '/v1/jobs', value: 'create' },
  { method: 'get', path: '/v1/jobs/:id', value: 'get' },
  { method: 'post', path: '/v1/jobs/:id/cancel', value: 'cancel' },
  { method: 'get', path: '/v1/face/collections/:c/subjects/:s', value: 'subject' },
]);
const hit = (method: string, path: string) => {
  const found = table.match(method, path);
  return found && { value: found.route.value, params: found.params };
};

describe('RouteTable', () => {
  it('picks the route by method and path and names its parameters', () => {
    expect(hit('GET', '/v1/jobs')).toEqual({ value: 'list', params: {} });
    expect(hit('POST', '/v1/jobs')).toEqual({ value: 'create', params: {} });
    expect(hit('GET', '/v1/jobs/abc-1')).toEqual({ value: 'get', params: { id: 'abc-1' } });
    expect(hit('POST', '/v1/jobs/abc-1/cancel')).toEqual({ value: 'cancel', params: { id: 'abc-1' } });
    expect(hit('GET', '/v1/face/collections/c1/subjects/s2')).toEqual({ value: 'subject', params: { c: 'c1', s: 's2' } });
  });

  it('matches as Express did: case-insensitive, a trailing slash allowed, HEAD by the GET route', () => {
    expect(hit('GET', '/V1/Jobs/')?.value).toBe('list');
    expect(hit('HEAD', '/v1/jobs/x')).toEqual({ value: 'get', params: { id: 'x' } });
  });

  it('finds nothing for another method, a longer or shorter path, or an empty parameter', () => {
    expect(hit('DELETE', '/v1/jobs')).toBeNull();
    expect(hit('GET', '/v1/jobs/a/b')).toBeNull();
    expect(hit('GET', '/v1')).toBeNull();
    expect(hit('GET', '/v1/jobs//')).toBeNull();
    expect(hit('POST', '/v1/jobs//cancel')).toBeNull();
  });

  it('percent-decodes parameters and refuses malformed encodings with a 4xx', () => {
    expect(hit('GET', '/v1/jobs/a%20b%2Fc')?.params).toEqual({ id: 'a b/c' });
    expect(() => table.match('GET', '/v1/jobs/%E0%A4%A')).toThrow(InvalidRequestError);
  });

  it('reaches every route of the API table at its own path', () => {
    const all = new RouteTable(routes.map((r) => ({ method: r.method, path: r.path, value: r })));
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, 'x-$1');
      expect(all.match(route.method.toUpperCase(), path)?.route.value, `${route.method} ${route.path}`).toBe(route);
    }
  });
});
