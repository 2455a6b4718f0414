import type { Socket } from 'node:net';

const coalesced = new WeakSet<Socket>();

/**
 * Sends every command written to `socket` in one turn of the event loop as one
 * write. ioredis writes each command to the socket as it is made, one system
 * call (and one read on the Redis side) apiece; a worker finishing one job and
 * starting the next, or checking a job's cancel mark beside its tenant's
 * policy version, makes several in the same turn. The first write corks the
 * socket and a `process.nextTick` uncorks it: made inside a promise reaction
 * (as commands from async code are), it goes out with every write of the
 * reactions queued in that turn; made in a plain callback, with the rest of
 * that callback's writes. No command waits longer than that.
 * ioredis's own auto-pipelining does the same through a pipeline object per
 * batch, which cost more than it saved when measured on a worker.
 */
export function coalesceWrites(socket: Socket | undefined): void {
  if (!socket || coalesced.has(socket)) return;
  coalesced.add(socket);
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const write = socket.write;
  socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return (write as (...a: Parameters<Socket['write']>) => boolean).apply(this, args);
  } as Socket['write'];
}
