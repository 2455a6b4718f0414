import net from 'node:net';

/** What came back on a raw socket: the first HTTP response on it (if any) and whether the server closed it. */
export interface RawAnswer {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  /** True when the server closed the connection before `timeoutMs`. */
  closed: boolean;
  /** Milliseconds from connecting to the close (or the timeout). */
  ms: number;
}

export interface RawOptions {
  /** Half-close after the last chunk (a client that sent everything it will send). */
  end?: boolean;
  /** Give up (and destroy the socket) after this long; `closed` is then false. */
  timeoutMs?: number;
  /** Pause between chunks. */
  gapMs?: number;
  /** Destroy the socket right after the last chunk, without waiting for an answer. */
  abort?: boolean;
  /** Wait for the server to close the connection even after a whole response arrived. */
  untilClose?: boolean;
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Parses the first response in `raw`; status null when there is none. */
export function parseResponse(raw: Buffer): Pick<RawAnswer, 'status' | 'headers' | 'body' | 'json'> {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { status: null, headers: {}, body: '', json: undefined };
  const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let rest = raw.subarray(split + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') rest = dechunk(rest);
  else if (headers['content-length']) rest = rest.subarray(0, Number(headers['content-length']));
  const body = rest.toString('utf8');
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? NaN) || null, headers, body, json };
}

/** True once `raw` holds a response with its whole body (known by Content-Length or the last chunk). */
function isWhole(raw: Buffer): boolean {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return false;
  const head = raw.subarray(0, split).toString('latin1');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) return raw.length - split - 4 >= Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return raw.subarray(split).includes('\r\n0\r\n\r\n');
  return false;
}

/**
 * Sends `chunks` as they are over a fresh TCP connection and collects what comes
 * back until a whole response arrived (or, with `untilClose`, the server closes it).
 */
export function rawExchange(port: number, chunks: (string | Buffer)[], options: RawOptions = {}): Promise<RawAnswer> {
  const { end = false, timeoutMs = 10_000, gapMs = 0, abort = false, untilClose = false } = options;
  return new Promise((resolve) => {
    const started = Date.now();
    const received: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    let closed = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(received)), closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => {
      socket.destroy();
    }, timeoutMs);
    socket.on('data', (c: Buffer) => {
      received.push(c);
      if (!untilClose && isWhole(Buffer.concat(received))) {
        finish();
        socket.destroy();
      }
    });
    socket.on('error', () => {});
    socket.on('end', () => {
      closed = true;
    });
    socket.on('close', () => {
      if (!abort && Date.now() - started < timeoutMs) closed = true;
      finish();
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (abort) socket.destroy();
      else if (end) socket.end();
    });
  });
}
