import { statusForCode } from '@crs/core';
import type { Route } from '../registry/route.js';

/** Codes any route can answer with, whatever it declares. */
const EVERY_ROUTE = ['internal_error', 'request_timeout', 'headers_too_large', 'invalid_http', 'too_many_connections'];
/** Codes of the API-key and rate-limit checks on authenticated routes. */
const AUTHENTICATED = ['unauthorized', 'rate_limited', 'too_many_failed_auth', 'service_unavailable', 'not_found'];
/** Codes of reading a JSON body. */
const WITH_BODY = ['invalid_json', 'invalid_request', 'payload_too_large'];

/** Every stable error code `route` can answer with, grouped by HTTP status. */
export function errorCodesByStatus(route: Route): Map<number, string[]> {
  const codes = new Set([...EVERY_ROUTE, ...route.errors]);
  if (route.auth) AUTHENTICATED.forEach((c) => codes.add(c));
  if (route.body || route.query || route.upload || route.path.includes(':')) WITH_BODY.forEach((c) => codes.add(c));
  const byStatus = new Map<number, string[]>();
  for (const code of [...codes].sort()) {
    const status = statusForCode(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}
