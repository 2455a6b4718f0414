/**
 * A light fold of the caller's text for the contact detectors: width, style
 * and case folded, Cyrillic and Greek look-alikes made Latin, traditional
 * characters simplified, Chinese numerals written as digits, separators kept
 * (they delimit IDs and numbers). `owner` maps each UTF-16 unit of the view
 * back to the original code point.
 *
 * A run of characters no contact pattern can use (most of any Chinese text)
 * becomes one stand-in unit that no pattern matches either. A match never
 * holds such a character, and one stand-in breaks a match where a run did,
 * so the patterns find the same contacts in a view a third the length.
 */
import { EVASION_BIT } from '../engine/evasion.js';
import { compatEvasion, foldTable } from '../engine/foldTable.js';
import { enclosedLetter, LATIN_LOOK_ALIKES } from '../engine/variants.js';
import type { NormalizedText } from '../engine/normalize.js';
import { int32s, uint16s, type Scratch } from '../engine/scratch.js';
import { grow } from '../engine/typedArrays.js';

const NUMERALS: Record<string, string> = {
  零: '0', 〇: '0', 一: '1', 幺: '1', 么: '1', 壹: '1', 二: '2', 贰: '2', 貳: '2', 两: '2', 三: '3', 叁: '3', 叄: '3', 參: '3',
  四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 陸: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 玖: '9',
};

/** 么 is how traditional text writes 幺 (yāo, the 1 of spoken phone numbers); after these it ends a word (什么, 怎么, 那么), so it is no digit. */
const TRADITIONAL_YAO = 0x4e48;
const BEFORE_WORD_YAO = new Set([...'什甚怎那这這多要'].map((c) => c.codePointAt(0)!));

const PLUS_SIGNS = '➕✚✙✛✜╋';
/** Symbols and emoji, with the joiners and keycap marks emoji are built with ("1️⃣"). */
const PICTURE = /^(?:[\p{So}\p{Extended_Pictographic}]|\u200d|\u20e3|\ufe0f)$/u;

export interface ContactView {
  view: string;
  /** The original code point each UTF-16 unit of the view came from (a stand-in: its run's first), with one more entry for the end. */
  owner: Int32Array;
}

/** The original code point unit `k` of the view came from (`k` may be the view's length). */
export function ownerOf(v: ContactView, k: number): number {
  return v.owner[k]!;
}

/** What a run of unused characters becomes: a unit no pattern names, not a space, not a word character. */
const STAND_IN = 0xfffc;

interface Light {
  text: string;
  bits: number;
}

function foldLight(cp: number): Light {
  const ch = String.fromCodePoint(cp);
  const numeral = NUMERALS[ch];
  if (numeral) return { text: numeral, bits: EVASION_BIT.numeral };
  // Keywords are matched in simplified form: 微信號 is 微信号.
  const simplified = foldTable().simplified.get(cp);
  if (simplified !== undefined) return { text: String.fromCodePoint(simplified), bits: EVASION_BIT.traditional };
  // ➕V, ✚微: heavy and ornamental plus signs write the + of "+V", "+Q".
  if (PLUS_SIGNS.includes(ch)) return { text: '+', bits: EVASION_BIT.styled };
  // "wеchat" with a Cyrillic е is still the keyword.
  const lookAlike = LATIN_LOOK_ALIKES[ch];
  if (lookAlike) return { text: lookAlike, bits: EVASION_BIT.homoglyph };
  const compat = enclosedLetter(cp) ?? ch.normalize('NFKC');
  // "vx❤kefu666", "138💕1234💕5678": a symbol or emoji with no letter or digit in it separates, as a space does.
  if (compat === ch && PICTURE.test(ch)) return { text: ' ', bits: EVASION_BIT.separator };
  return { text: compat.toLowerCase(), bits: compatEvasion(cp, ch, compat) };
}

/** `unit` holds this where a fold is not one BMP unit (see `several`); U+FFFF itself goes there too. */
const NOT_ONE_UNIT = 0xffff;

/** Per BMP code point: the folded code unit; a 128 KiB table, so it stays cached. */
let table: { unit: Uint16Array; bits: Uint16Array; several: Map<number, Light> } | undefined;

function lightTable() {
  if (table) return table;
  const unit = new Uint16Array(0x10000);
  const bits = new Uint16Array(0x10000);
  const several = new Map<number, Light>();
  for (let cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) {
      unit[cp] = cp;
      continue;
    }
    const f = foldLight(cp);
    bits[cp] = f.bits;
    if (f.text.length === 1 && f.text.charCodeAt(0) !== NOT_ONE_UNIT) unit[cp] = f.text.charCodeAt(0);
    else {
      unit[cp] = NOT_ONE_UNIT;
      several.set(cp, f);
    }
  }
  table = { unit, bits, several };
  return table;
}

/**
 * Per BMP code point, what the view holds for it: its folded unit where a
 * contact pattern may use that unit, `STAND_IN` where none can, or
 * `NOT_ONE_UNIT`. Used are all of ASCII, every space `\s` knows, and the
 * non-ASCII characters written in the patterns' own `sources` (keywords, 点,
 * ·), so a new keyword is kept as soon as a pattern names it.
 */
export function viewUnits(sources: readonly string[]): Uint16Array {
  const used = new Uint8Array(0x10000);
  used.fill(1, 0, 0x80);
  for (let u = 0x80; u < 0x10000; u++) if (/\s/u.test(String.fromCharCode(u))) used[u] = 1;
  for (const source of sources) for (const ch of source) if (ch.codePointAt(0)! < 0x10000) used[ch.charCodeAt(0)] = 1;
  if (used[STAND_IN]) throw new Error('a contact pattern uses the stand-in character');
  const { unit } = lightTable();
  return unit.map((u) => (u === NOT_ONE_UNIT || used[u] === 1 ? u : STAND_IN));
}

const decoder = new TextDecoder('utf-16le');

interface Buffer {
  buf: Uint16Array;
  owner: Int32Array;
  len: number;
}

function append(b: Buffer, text: string, index: number): void {
  if (b.len + text.length >= b.buf.length) {
    const size = b.buf.length * 2 + text.length;
    b.buf = grow(b.buf, new Uint16Array(size));
    b.owner = grow(b.owner, new Int32Array(size + 1));
  }
  for (let k = 0; k < text.length; k++) {
    b.buf[b.len] = text.charCodeAt(k);
    b.owner[b.len++] = index;
  }
}

/** The contact view of `n`, with `units` from `viewUnits`: one stand-in for each run of characters no pattern uses. */
export function contactView(n: NormalizedText, units: Uint16Array, scratch?: Scratch): ContactView {
  const { several } = lightTable();
  const original = n.original;
  const count = original.length;
  // Plain locals in the loop (no closure captures them), so V8 keeps them in registers.
  let buf: Uint16Array = uint16s(scratch, 'view', n.text.length + 16);
  let owner: Int32Array = int32s(scratch, 'viewOwner', buf.length + 1);
  let len = 0;
  let last = 0;
  for (let i = 0; i < count; i++) {
    const cp = original[i]!;
    let u = cp < 0x10000 ? units[cp]! : NOT_ONE_UNIT;
    if (cp === TRADITIONAL_YAO && i > 0 && BEFORE_WORD_YAO.has(original[i - 1]!)) u = STAND_IN;
    if (u !== NOT_ONE_UNIT && len < buf.length - 1) {
      if (u !== STAND_IN || last !== STAND_IN) {
        buf[len] = last = u;
        owner[len++] = i;
      }
      continue;
    }
    const f = cp < 0x10000 ? (several.get(cp) ?? foldLight(cp)) : foldLight(cp);
    const b: Buffer = { buf, owner, len };
    append(b, f.text, i);
    ({ buf, owner, len } = b);
    last = len > 0 ? buf[len - 1]! : 0;
  }
  owner[len] = count;
  return { view: decoder.decode(buf.subarray(0, len)), owner: owner.subarray(0, len + 1) };
}

/** Evasion bits of the caller's code point `cp` in the contact view: asked only for the few spans found. */
export function contactBits(cp: number): number {
  return cp < 0x10000 ? lightTable().bits[cp]! : foldLight(cp).bits;
}

