// Real photos for the NSFW parity checks: the photo in testdata/photos and the face photos in
// plugins/face/testdata/faces (sources in their SOURCES.tsv), each also mirrored, cropped, turned and recoloured.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const FACES = path.resolve(import.meta.dirname, '../../face/testdata/faces');

export async function parityPhotos() {
  const originals = [{ name: 'testdata/group.jpg', bytes: fs.readFileSync(new URL('./photos/group.jpg', import.meta.url)) }];
  for (const f of fs.readdirSync(FACES).filter((n) => n.endsWith('.jpg') && n !== 'group-or-portrait-2.jpg').sort()) originals.push({ name: f, bytes: fs.readFileSync(path.join(FACES, f)) });
  const out = [...originals];
  for (const { name, bytes } of originals) {
    const upright = sharp(bytes).rotate();
    const meta = await sharp(await upright.clone().toBuffer()).metadata();
    const w = meta.width;
    const h = meta.height;
    out.push({ name: `${name} mirrored`, bytes: await upright.clone().flop().jpeg({ quality: 90 }).toBuffer() });
    out.push({ name: `${name} centre crop`, bytes: await upright.clone().extract({ left: Math.round(w * 0.15), top: Math.round(h * 0.1), width: Math.round(w * 0.6), height: Math.round(h * 0.7) }).png().toBuffer() });
    out.push({ name: `${name} turned, warmer, 300 px`, bytes: await upright.clone().rotate(90).resize(300).modulate({ saturation: 1.4, hue: 15 }).webp().toBuffer() });
  }
  return out;
}
