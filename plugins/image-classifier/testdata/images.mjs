import sharp from 'sharp';

/**
 * Varied images made on the machine, no downloads: flat colour, gradients,
 * noise, shapes, text, skin tones, blur, photos-like noise fields, a thin
 * strip and a tiny image, so the converted model is checked (and benchmarked)
 * over inputs that push it in different directions. Shared by tests and bench.
 */
/** @param {number} width @param {number} height @param {string} body */
function svg(width, height, body) {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);
}

/** Deterministic noise, so every run sees the same pixels. @param {number} width @param {number} height @param {number} seed */
function noise(width, height, seed) {
  const data = Buffer.alloc(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    data[i] = s >> 23;
  }
  return data;
}

export async function testImages() {
  return [
    { name: 'flat', bytes: await sharp({ create: { width: 320, height: 240, channels: 3, background: '#6a8caf' } }).png().toBuffer() },
    {
      name: 'gradient',
      bytes: await sharp(
        svg(400, 300, '<defs><linearGradient id="g"><stop offset="0" stop-color="#123"/><stop offset="1" stop-color="#fc8"/></linearGradient></defs><rect width="400" height="300" fill="url(#g)"/>'),
      )
        .jpeg()
        .toBuffer(),
    },
    { name: 'noise', bytes: await sharp(noise(256, 256, 7), { raw: { width: 256, height: 256, channels: 3 } }).png().toBuffer() },
    {
      name: 'shapes',
      bytes: await sharp(
        svg(500, 400, '<rect width="500" height="400" fill="#fff"/><circle cx="150" cy="200" r="90" fill="#e33"/><rect x="280" y="80" width="160" height="240" fill="#36c" transform="rotate(12 360 200)"/><path d="M40 380 L250 20 L460 380 Z" fill="none" stroke="#0a0" stroke-width="14"/>'),
      )
        .webp()
        .toBuffer(),
    },
    {
      name: 'text',
      bytes: await sharp(svg(480, 200, '<rect width="480" height="200" fill="#fafafa"/><text x="20" y="120" font-size="64" font-family="sans-serif" fill="#111">Hello 123</text>'))
        .png()
        .toBuffer(),
    },
    {
      name: 'skin',
      bytes: await sharp(
        svg(300, 400, '<rect width="300" height="400" fill="#caa083"/><ellipse cx="150" cy="150" rx="90" ry="120" fill="#e0b096"/><ellipse cx="150" cy="330" rx="130" ry="90" fill="#d9a07f"/><rect y="360" width="300" height="40" fill="#5a3a2a"/>'),
      )
        .blur(6)
        .jpeg({ quality: 80 })
        .toBuffer(),
    },
    {
      name: 'photo-like',
      bytes: await sharp(noise(640, 480, 99), { raw: { width: 640, height: 480, channels: 3 } })
        .blur(12)
        .modulate({ saturation: 1.8 })
        .jpeg()
        .toBuffer(),
    },
    { name: 'strip', bytes: await sharp({ create: { width: 900, height: 60, channels: 3, background: '#202020' } }).png().toBuffer() },
    { name: 'tiny', bytes: await sharp(noise(24, 18, 3), { raw: { width: 24, height: 18, channels: 3 } }).png().toBuffer() },
  ];
}

/** The 224×224 RGB pixels both runtimes are fed, stretched as nsfwjs does. */
/** @param {Buffer} bytes */
export async function modelPixels(bytes) {
  return sharp(bytes).rotate().resize(224, 224, { fit: 'fill' }).removeAlpha().raw().toBuffer();
}
