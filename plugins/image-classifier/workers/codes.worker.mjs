// The QR-code and barcode decoder (ZXing-C++ compiled to WebAssembly) in its own thread: decoding
// is synchronous CPU work of several milliseconds a frame, which must not hold the worker's event loop.
// Its WebAssembly is read from node_modules: the package's default would fetch it from a CDN.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { luminance, suspectQrRegions } from './finderPatterns.mjs';

const require = createRequire(import.meta.url);
const wasmFile = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
const wasm = fs.readFileSync(wasmFile);

const ready = prepareZXingModule({
  overrides: {
    wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    locateFile: () => wasmFile,
  },
  fireImmediately: true,
});

/**
 * Every frame: QR codes (what ads carry) and the common retail and logistics barcodes. The
 * other 2-D detectors (Data Matrix, Aztec, PDF417) cost more than all of these together on a
 * photo, and ITF reads stripes as numbers; they are tried only where a code is suspected.
 */
const SCAN_FORMATS = ['QRCode', 'MicroQRCode', 'Code128', 'Code39', 'EAN13', 'EAN8', 'UPCA', 'UPCE'];
const CLOSE_LOOK_FORMATS = [...SCAN_FORMATS, 'RMQRCode', 'DataMatrix', 'Aztec', 'PDF417', 'Code93', 'ITF'];

/** At the moderation size: one pass, unreadable symbols reported so they can be looked at again. */
const SCAN = { formats: SCAN_FORMATS, tryHarder: true, tryRotate: true, tryInvert: false, tryDownscale: false, returnErrors: true, maxNumberOfSymbols: 16 };
/** On a sharper crop where a code is suspected: every effort. */
const CLOSE_LOOK = { formats: CLOSE_LOOK_FORMATS, tryHarder: true, tryRotate: true, tryInvert: true, tryDownscale: false, tryDenoise: true, returnErrors: false, maxNumberOfSymbols: 4 };

/** @param {Uint8Array} rgb @param {number} width @param {number} height */
function rgba(rgb, width, height) {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    out[i] = rgb[j];
    out[i + 1] = rgb[j + 1];
    out[i + 2] = rgb[j + 2];
    out[i + 3] = 255;
  }
  return out;
}

/** @param {import('zxing-wasm/reader').ReadResult} r */
function quad(r) {
  const p = r.position;
  return [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft].map((q) => [q.x, q.y]);
}

/**
 * @param {{ rgb: Uint8Array, width: number, height: number, closeLook: boolean }} job
 */
async function read({ rgb, width, height, closeLook }) {
  await ready;
  const results = await readBarcodes({ data: rgba(rgb, width, height), width, height, colorSpace: 'srgb' }, closeLook ? CLOSE_LOOK : SCAN);
  const codes = [];
  const suspects = [];
  for (const r of results) {
    const box = quad(r);
    if (r.isValid) codes.push({ format: r.format, text: r.text, box });
    else {
      // Found but not read: look again, sharper, around where it was found.
      const xs = box.map((p) => p[0]);
      const ys = box.map((p) => p[1]);
      const side = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 8);
      const x = Math.max(0, Math.floor(Math.min(...xs) - side / 4));
      const y = Math.max(0, Math.floor(Math.min(...ys) - side / 4));
      suspects.push({ x, y, width: Math.min(width - x, Math.ceil(side * 1.5)), height: Math.min(height - y, Math.ceil(side * 1.5)), module: 1 });
    }
  }
  if (!closeLook && !codes.some((c) => /QR/.test(c.format))) suspects.push(...suspectQrRegions(luminance(rgb, width, height), width, height));
  return { codes, suspects };
}

parentPort?.on('message', (message) => {
  read(message).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (err) => parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
