import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResponse, rawExchange } from './helpers/rawHttp.js';
import { KEYS, startStack, type Stack } from './helpers/stack.js';

interface Trickle {
  /** Resolves when the server closes the socket, with what it answered. */
  closed: Promise<ReturnType<typeof parseResponse>>;
  stop(): void;
}

/** A client that sends `head` at once, then one byte of `drip` every `everyMs`, for as long as the socket is open. */
function trickle(port: number, head: string, drip: string, everyMs: number): Trickle {
  const socket = net.connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (c: Buffer) => received.push(c));
  socket.on('error', () => {});
  socket.on('connect', () => {
    socket.write(head);
    let i = 0;
    timer = setInterval(() => {
      if (!socket.destroyed && socket.writable) socket.write(drip[i++ % drip.length]!);
    }, everyMs);
  });
  const closed = new Promise<ReturnType<typeof parseResponse>>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(parseResponse(Buffer.concat(received)));
    }),
  );
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Resolves with what `p` gave, or with 'open' when it is still pending after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | 'open'> {
  return Promise.race([p, new Promise<'open'>((r) => setTimeout(() => r('open'), ms))]);
}

describe('slow clients are cut off by the header, request and keep-alive timeouts', () => {
  let stack: Stack;
  let port: number;

  beforeAll(async () => {
    stack = await startStack({
      worker: false,
      env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '500', HTTP_MAX_CONNECTIONS_PER_ADDRESS: '0' },
    });
    port = Number(new URL(stack.baseUrl).port);
  });
  afterAll(() => stack?.close());

  it('closes 200 sockets sending headers a byte at a time with 408 request_timeout, while a normal client is served', async () => {
    const slow = Array.from({ length: 200 }, () => trickle(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'abcdefgh', 100));
    try {
      await new Promise((r) => setTimeout(r, 300));
      // During the attack: the API still answers a well-behaved client.
      expect((await stack.call('GET', '/healthz')).status).toBe(200);
      expect((await stack.call('GET', '/v1/jobs', { key: KEYS.acme })).status).toBe(200);
      // The slow senders would go on forever; give them four times the header timeout.
      const outcomes = await Promise.all(slow.map((s) => within(s.closed, 4_000)));
      expect(outcomes.filter((o) => o === 'open')).toHaveLength(0);
      for (const o of outcomes) {
        if (o === 'open') continue;
        expect(o.status).toBe(408);
        expect(o.json.error.code).toBe('request_timeout');
      }
    } finally {
      for (const s of slow) s.stop();
    }
  }, 20_000);

  it('closes a connection that sends nothing at all', async () => {
    const silent = trickle(port, '', ' ', 3_600_000);
    try {
      expect(await within(silent.closed, 4_000)).not.toBe('open');
    } finally {
      silent.stop();
    }
  });

  it('closes a request whose body arrives a byte at a time once HTTP_REQUEST_TIMEOUT_MS passes, with 408', async () => {
    const head = `POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.acme}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;
    const body = trickle(port, head, '{"task":"text.moderate"', 100);
    try {
      const out = await within(body.closed, 6_000);
      expect(out).not.toBe('open');
      if (out !== 'open') {
        expect(out.status).toBe(408);
        expect(out.json.error.code).toBe('request_timeout');
      }
    } finally {
      body.stop();
    }
  });

  it('closes a kept-alive connection left idle after its answer', async () => {
    const res = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'], { untilClose: true, timeoutMs: 4_000 });
    expect(res.status).toBe(200);
    expect(res.closed).toBe(true);
  });
});

describe('the per-address connection cap', () => {
  let stack: Stack;
  let port: number;

  beforeAll(async () => {
    stack = await startStack({ worker: false, env: { HTTP_MAX_CONNECTIONS_PER_ADDRESS: '5' } });
    port = Number(new URL(stack.baseUrl).port);
  });
  afterAll(() => stack?.close());

  it('answers the 6th connection from one address 429 too_many_connections and closes it; a freed slot serves again', async () => {
    const held = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => {});
        await new Promise((r) => s.once('connect', r));
        return s;
      }),
    );
    try {
      // Let the server count the five before the sixth arrives.
      await new Promise((r) => setTimeout(r, 100));
      const over = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'], { untilClose: true, timeoutMs: 4_000 });
      expect(over.status).toBe(429);
      expect(over.json.error.code).toBe('too_many_connections');
      expect(over.headers['retry-after']).toBe('1');
      expect(over.closed).toBe(true);

      held.pop()!.destroy();
      await new Promise((r) => setTimeout(r, 100));
      const freed = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], { timeoutMs: 4_000 });
      expect(freed.status).toBe(200);
    } finally {
      for (const s of held) s.destroy();
    }
  });
});
