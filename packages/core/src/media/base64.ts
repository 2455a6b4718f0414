import { InvalidBase64Error, MediaTooLargeError } from '../errors/index.js';

const DATA_URL = /^data:[^,]{0,200},/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decodes a base64 input (plain, URL-safe, or a data URL; whitespace ignored)
 * after checking that its decoded size fits `maxBytes`, so an oversized input
 * is refused before it is decoded.
 */
export function decodeBase64Input(input: string, maxBytes: number): Buffer {
  let body = input;
  const prefix = DATA_URL.exec(input);
  if (prefix) {
    if (!prefix[0].includes(';base64,')) throw new InvalidBase64Error('data URLs must be base64-encoded (data:<type>;base64,...)');
    body = input.slice(prefix[0].length);
  }
  body = body.replace(/\s+/g, '');
  if (!body || !BASE64.test(body) || body.length % 4 === 1) {
    throw new InvalidBase64Error('base64 holds characters outside the base64 alphabet or is cut short');
  }
  const decodedSize = Math.floor((body.replace(/=+$/, '').length * 3) / 4);
  if (decodedSize > maxBytes) {
    throw new MediaTooLargeError(`the decoded input is ${decodedSize} bytes; the limit is ${maxBytes}`, {
      details: { size: decodedSize, limit: maxBytes },
    });
  }
  return Buffer.from(body, 'base64');
}
