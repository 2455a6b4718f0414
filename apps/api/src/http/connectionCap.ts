import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { TooManyConnectionsError } from '@crs/core';
import { rawErrorAnswer } from './rawAnswer.js';

/**
 * Caps the connections one client address holds at once. The connection over
 * the cap is answered 429 `too_many_connections` (HTTP clients read it as the
 * answer to the request they send) and closed; it is marked so a request
 * parsed from it before it closes is not served.
 */
export function capConnectionsPerAddress(server: Server, max: number): (socket: Socket) => boolean {
  const open = new Map<string, number>();
  const refused = new WeakSet<Socket>();
  if (max > 0) {
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress ?? 'unknown';
      const count = open.get(address) ?? 0;
      if (count >= max) {
        refused.add(socket);
        socket.on('error', () => {});
        socket.end(
          rawErrorAnswer(new TooManyConnectionsError(`this address already holds ${max} connections; reuse them or close some`, { details: { limit: max } }), {
            'Retry-After': '1',
          }),
        );
        setTimeout(() => socket.destroy(), 2_000).unref();
        return;
      }
      open.set(address, count + 1);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
    });
  }
  return (socket) => refused.has(socket);
}
