import { spawnSync } from 'node:child_process';
import sharp from 'sharp';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { createOcrPlugin } from '@crs/plugin-ocr';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers/stack.js';

/** A picture of an advert: the kind of text in images moderation exists for. Needs a CJK font (fonts-noto-cjk). */
async function advert(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="240">
    <rect width="720" height="240" fill="#fdf6e3"/>
    <text x="30" y="70" font-size="40" font-family="Noto Sans CJK SC" fill="#222">春季大促，全场五折</text>
    <text x="30" y="140" font-size="40" font-family="Noto Sans CJK SC" fill="#c00">加微信 shop8888 领红包</text>
    <text x="30" y="205" font-size="36" font-family="Noto Sans CJK SC" fill="#222">电话 13812345678</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

describe('image.ocr end to end', () => {
  let stack: Stack;
  let image: string;

  beforeAll(async () => {
    const fonts = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout ?? '';
    if (!fonts.trim()) throw new Error('these tests render Chinese text: install a CJK font (Debian: apt-get install fonts-noto-cjk)');
    stack = await startStack({ plugins: [createTextModerationPlugin(), createImageClassifierPlugin(), createOcrPlugin()] });
    image = (await advert()).toString('base64');
  }, 60_000);
  afterAll(() => stack?.close());

  const run = (task: string, input: unknown) => stack.call('POST', '/v1/jobs', { body: { task, input }, headers: { prefer: 'wait=60' } });

  it.each(['paddle', 'tesseract'])('reads the lines with %s, with boxes and words_result', async (engine) => {
    const res = await run('image.ocr', { image: { base64: image }, engine });
    expect(res.body.status).toBe('succeeded');
    const out = res.body.result;
    expect(out.engine).toBe(engine);
    expect(out.lines).toHaveLength(3);
    expect(out.text.replace(/\s/g, '')).toContain('13812345678');
    expect(out.text).toContain('春季大促');
    expect(out.words_result_num).toBe(3);
    // Reading order: top to bottom.
    const tops = out.words_result.map((w: { location: { top: number } }) => w.location.top);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(out.lines[2].box[0][1]).toBeGreaterThan(150);
  }, 60_000);

  it('moderates the text and maps each hit to its line', async () => {
    const res = await run('image.ocr', { image: { base64: image }, moderate: true });
    const moderation = res.body.result.moderation;
    expect(moderation.verdict).not.toBe('pass');
    expect(moderation.labels.map((l: { category: string }) => l.category)).toContain('ad');
    const phone = moderation.hits.find((h: { matched: string }) => h.matched.includes('13812345678'));
    expect(phone).toMatchObject({ category: 'ad', line: 2 });
    expect(phone.box).toEqual(res.body.result.lines[2].box);
  }, 60_000);

  it('flags the advert in image.moderate with ocr: true, merging text labels into the image verdict', async () => {
    const plain = await run('image.moderate', { image: { base64: image } });
    expect(plain.body.result.verdict).toBe('pass');
    const withText = await run('image.moderate', { image: { base64: image }, ocr: true });
    const result = withText.body.result;
    expect(result.ocr.status).toBe('done');
    expect(result.verdict).not.toBe('pass');
    expect(result.labels.find((l: { category: string }) => l.category === 'ad')).toBeDefined();
    expect(result.hits.length).toBeGreaterThan(0);
  }, 60_000);
});
