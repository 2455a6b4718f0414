import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileLexicon, LexiconLibrary, moderateText, parseLexicon, type LexiconEntry } from '../src/index.js';
import { compileLexiconInSlices } from '../src/lexicon/compile.js';
import { silent } from './helpers.js';

describe('parseLexicon', () => {
  it('reads term, category and optional weight; refuses malformed lines with the line number', () => {
    expect(parseLexicon('x', '# comment\nvx\tad\t0.5\n代开\tsensitive\n好人\tallow')).toEqual([
      { word: 'vx', category: 'ad', weight: 0.5, lexicon: 'x', kind: 'deny' },
      { word: '代开', category: 'sensitive', weight: 0.9, lexicon: 'x', kind: 'deny' },
      { word: '好人', category: 'custom', weight: 0, lexicon: 'x', kind: 'allow' },
    ]);
    expect(() => parseLexicon('x', 'term\tporn\t2')).toThrow(/line 1/);
    expect(() => parseLexicon('x', '# c\nterm\tnope\t0.5')).toThrow(/line 2.*unknown category/);
  });
});

describe('compileLexiconInSlices', () => {
  it('lets the event loop turn while a large lexicon compiles, and matches what an all-at-once build matches', async () => {
    const han = [...'的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天'];
    const entries: LexiconEntry[] = Array.from({ length: 5000 }, (_, i) => ({
      word: `${han[i % han.length]}${han[(i * 7) % han.length]}${han[(i * 13) % han.length]}`,
      category: 'custom',
      weight: 0.6,
      lexicon: 'generated',
      kind: 'deny',
    }));
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const sliced = await compileLexiconInSlices(entries, {}, 0);
    ticking = false;
    // 5,000 entries and their pinyin spellings: at least one pause every 256 of them.
    expect(turns).toBeGreaterThanOrEqual(20);
    const text = entries
      .slice(0, 300)
      .map((e) => e.word)
      .join('，');
    const whole = compileLexicon(entries);
    expect(moderateText(text, [sliced])).toEqual(moderateText(text, [whole]));
    expect(moderateText(text, [sliced]).hits.length).toBeGreaterThanOrEqual(300);
  });
});

describe('LexiconLibrary', () => {
  let dir = '';
  let library: LexiconLibrary | undefined;
  afterEach(async () => {
    await library?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds operator files, replaces built-in files of the same name, and reloads edits without a restart', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lexicons-'));
    library = new LexiconLibrary({ dir, logger: silent });
    await library.refresh();
    const words = (text: string) => moderateText(text, [library!.matcher]).hits.map((h) => `${h.lexicon}:${h.word}`);
    expect(words('买冰毒和绿茶')).toEqual(['sensitive:冰毒']);

    await writeFile(path.join(dir, 'brand.tsv'), '绿茶\tcustom\t0.7\n');
    await writeFile(path.join(dir, 'sensitive.tsv'), '海洛因\tsensitive\t0.95\n');
    expect(await library.refresh()).toBe(true);
    expect(words('买冰毒和绿茶，海洛因')).toEqual(['brand:绿茶', 'sensitive:海洛因']);
    expect(await library.refresh()).toBe(false);

    library.watch(20);
    await writeFile(path.join(dir, 'brand.tsv'), '红茶\tcustom\t0.7\n# edited\n');
    await expect.poll(() => words('绿茶和红茶'), { timeout: 5000 }).toEqual(['brand:红茶']);
  });

  it('keeps the previous version when an edited file is broken', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lexicons-'));
    await writeFile(path.join(dir, 'brand.tsv'), '绿茶\tcustom\t0.7\n');
    library = new LexiconLibrary({ dir, logger: silent });
    await library.refresh();
    await writeFile(path.join(dir, 'brand.tsv'), '绿茶\tnot-a-category\n');
    await expect(library.refresh()).rejects.toThrow(/brand line 1/);
    expect(moderateText('绿茶', [library.matcher]).hits.map((h) => h.word)).toEqual(['绿茶']);
  });
});
