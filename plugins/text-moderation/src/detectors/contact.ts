/**
 * Contact information in ads: phone numbers, WeChat and QQ IDs, other
 * messengers' handles (Telegram, WhatsApp, LINE…), URLs and e-mail
 * addresses, however they are spelled. Runs on the contact view, so
 * full-width and circled digits, Chinese numerals and spaced digits all look
 * like plain digits here; dates, prices and page numbers never have the shape
 * of a phone number and are left alone.
 */
import { EVASION_BIT, evasionNames } from '../engine/evasion.js';
import type { NormalizedText } from '../engine/normalize.js';
import type { Scratch } from '../engine/scratch.js';
import { contactBits, contactView, ownerOf, viewUnits, type ContactView } from './contactView.js';
import type { Finding } from './finding.js';

/** Scores per kind of contact; a tenant's thresholds decide what they lead to. */
export const CONTACT_WEIGHTS = { phone: 0.7, wechat: 0.9, qq: 0.9, messenger: 0.9, url: 0.6, email: 0.6 } as const;
type ContactKind = keyof typeof CONTACT_WEIGHTS;

const TLD =
  '(?:com|net|org|cn|top|xyz|info|vip|cc|io|me|app|shop|site|online|club|biz|tv|hk|tw|co|ru|link|live|win|bet|casino)';
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
// A dot, or the ways people write one to dodge link filters: "dot", "(.)", "点", "。".
const SPELLED_DOT = String.raw`\s*(?:\(dot\)|\[dot\]|\(\.\)|\[\.\]|点|。)\s*|\s+dot\s+`;
const DOT = `(?:\\.|${SPELLED_DOT})`;
const DOMAIN = `(?:${LABEL}${DOT})+${TLD}(?![a-z0-9])`;
const SPELLED = new RegExp(`${SPELLED_DOT}|\\(at\\)|\\[at\\]|艾特`, 'u');

/**
 * A pattern, and a short `sign` every match of it contains. Most texts hold
 * no sign at all, and where one is, the pattern only runs from `reach`
 * characters before it: the e-mail and URL patterns are the slowest to try
 * at every Latin letter of a long text.
 */
interface Gated {
  kind: ContactKind;
  /** What every match holds: Latin letters (an ID, a handle, a top-level domain) or digits. */
  needs: Needs;
  pattern: RegExp;
  sign?: RegExp;
  reach?: number;
}

type Needs = 'latin' | 'digit';
/** The view is folded to lower case, so these find what `needs` names; most Chinese text has neither or only one. */
const NEEDED: Record<Needs, RegExp> = { latin: /[a-z]/, digit: /\d/ };

/**
 * What may stand between a keyword and its ID ("微信号是：", "qq群 ", "tg: @"),
 * taken whole: a look-ahead captures the longest run and a back-reference
 * consumes it, so the engine cannot backtrack into it. Written as optional
 * words between `\s*`s it cost the fourth power of a run of spaces: 微信 and
 * 1,000 spaces held a worker for two minutes.
 */
const gap = (words: string, name = 'gap') => String.raw`(?=(?<${name}>(?:\s|:|${words})*))\k<${name}>`;
/** The gap with an optional `id` in it, tried both ways: an ID may itself start with "id" ("idabc12"). */
const gapWithId = (words: string) => String.raw`${gap(words)}(?:id${gap(words, 'afterId')})?`;

/** The WeChat keyword, its homophones and "v信", "+V", "➕微" (a separator or symbol may split it); pinyin is added where it counts. */
const WECHAT_KEYWORD = String.raw`(?:[微威薇徽v][\s*._-]?信|vx|wx|wechat|[加+][*._-]?v|[加+][\s*._-]?[微薇威])`;

const PATTERNS: Gated[] = [
  {
    kind: 'email',
    needs: 'latin',
    pattern: new RegExp(`(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]{0,63}(?:@|\\s*(?:\\(at\\)|\\[at\\])\\s*|艾特)${DOMAIN}`, 'gu'),
    sign: /@|\(at\)|\[at\]|艾特/gu,
    // The local part is at most 64 characters, then the spelled "at" with its spaces.
    reach: 80,
  },
  {
    kind: 'url',
    needs: 'latin',
    pattern: new RegExp(`(?<![a-z0-9@._-])(?:https?://)?${DOMAIN}(?:/[\\w\\-./?%&=#~+]*)?`, 'gu'),
    // Every domain ends in a dot, however written, then a top-level domain.
    sign: new RegExp(`(?:[.点。]|dot)[)\\]]?\\s*${TLD}(?![a-z0-9])`, 'gu'),
    // A domain name is at most 253 characters; with a scheme in front it still fits.
    reach: 300,
  },
  {
    kind: 'wechat',
    needs: 'latin',
    // The keyword or its pinyin, then an ID: 6–20 characters, starting with a letter (WeChat's own rule).
    pattern: new RegExp(
      String.raw`(?<![a-z0-9])(?:${WECHAT_KEYWORD}|wei\s?xin)${gapWithId('号|是|为')}(?<id>[a-z][a-z0-9_-]{5,19})(?![a-z0-9_-])`,
      'gu',
    ),
  },
  {
    kind: 'wechat',
    needs: 'digit',
    // The looser forms ads use: a few words between the keyword and its colon ("微信咨询：", "+V看资料："; the
    // view holds a run of characters no pattern names as one U+FFFC), or a lone stand-in with a colon that
    // follows no other word ("薇：", not the name in "小薇："). A keyword this loose may lead into an ordinary
    // word ("微信支付：success"), so the ID must hold a digit, as an ad's almost always does.
    pattern: new RegExp(
      String.raw`(?<![a-z0-9])(?:${WECHAT_KEYWORD}(?:(?:\p{Script=Han}|\ufffc)[\s*._-]?){1,4}|(?<!\p{Script=Han}|\ufffc)[微威薇])\s{0,3}:\s*(?<id>(?=[a-z0-9_-]*\d)[a-z][a-z0-9_-]{5,19})(?![a-z0-9_-])`,
      'gu',
    ),
    // Every match has its colon within a keyword, four words and their separators, and three spaces of its start.
    sign: /:/gu,
    reach: 24,
  },
  {
    kind: 'qq',
    needs: 'digit',
    // The keyword (a group's too: 群号, 加群) and the number may be broken up as phone numbers are ("扣*扣：8*7*6…"), one separator at a time.
    pattern: new RegExp(
      String.raw`(?<![a-z0-9])(?:q[\s*._-]?q|扣[\s*._-]?扣|企鹅号?|q号|群[\s*._-]?号|[加进][\s*._-]?群|[加+][\s*._-]?q)${gap('号码?|群|是|为')}(?<id>[1-9](?:[\s\-*_]?\d){4,10})(?!\d)`,
      'gu',
    ),
  },
  {
    kind: 'messenger',
    needs: 'latin',
    // Telegram (电报, 飞机), WhatsApp, LINE, Skype, KakaoTalk: the keyword, what comes between, the handle.
    // `isHandle` decides: these keywords are English words too ("the line between", "telegram channel").
    pattern: new RegExp(
      String.raw`(?<![a-z0-9])(?:telegram|tg|电[\s*._-]?报|纸?飞[\s*._-]?机|whats\s?app|line\s*id|skype|kakao(?:talk)?)${gapWithId('号|账号|是|为|@')}(?<id>[a-z][a-z0-9_]{4,31})(?![a-z0-9_])`,
      'gu',
    ),
  },
];

/** A messenger match names a handle when it says so (`id`, `号`, `@`) or the handle holds a digit, as most do. */
function isHandle(m: RegExpExecArray): boolean {
  const handle = m.groups!.id!;
  return /[@号]|id/.test(m[0].slice(0, m[0].length - handle.length)) || /\d/.test(handle);
}

/**
 * The matches a whole-text scan finds, looking only near each sign: from
 * `reach` before it (or the last match's end), the pattern's next match.
 */
function* matchesNearSigns(view: string, { pattern, sign, reach = 0 }: Gated): Generator<RegExpExecArray> {
  if (!sign) {
    yield* view.matchAll(pattern);
    return;
  }
  let from = 0;
  sign.lastIndex = 0;
  for (let s = sign.exec(view); s; s = sign.exec(view)) {
    pattern.lastIndex = Math.max(from, s.index - reach);
    const m = pattern.exec(view);
    if (!m) return;
    yield m;
    from = m.index + m[0].length;
    sign.lastIndex = Math.max(sign.lastIndex, from);
  }
}

// Digits with at most a few separators between them; the shape decides whether it is a phone number.
// Every phone shape has at least 10 digits, so shorter runs (dates, prices, page numbers) never match.
const DIGIT_RUN = /\+?\d(?:[\s\-.·*_/()]{0,3}\d){9,}/gu;
const PHONE_SHAPES = [
  /^(?:0{0,2}86)?1[3-9]\d{9}$/, // mainland mobile, with or without +86
  /^0[1-9]\d{1,2}\d{7,8}$/, // landline with area code
  /^[48]00\d{7}$/, // 400/800 service numbers
  /^00[1-9]\d{8,13}$/, // any country's number dialled with its 00 prefix
];
/** Written with a + and a country code, any number of E.164's length is a phone number ("+852 9123 4567"). */
const INTERNATIONAL = /^\+[1-9]\d{9,14}$/;

// Domains reserved for documentation (RFC 2606) name no one's business.
const EXAMPLE_DOMAIN = /(?:^|[./]|dot|点)\s*example\s*(?:\.|dot|点|。)\s*(?:com|net|org)(?![a-z0-9])/u;

function isPhone(run: string): boolean {
  const digits = run.replace(/\D/g, '');
  return PHONE_SHAPES.some((shape) => shape.test(digits)) || (run.startsWith('+') && INTERNATIONAL.test(`+${digits}`));
}

/** More digits than any phone shape holds (00, a country code and 13 more). */
const MAX_PHONE_DIGITS = 17;

/**
 * Where the phone number in a digit run is: the whole run, or else the most
 * of its leading, then trailing, digit groups that has a phone's shape, since
 * a run reaches on into any number written next to it ("13812345678 3号楼").
 * Only as many groups as a phone's digits are tried, so a run of thousands
 * costs no more than a short one.
 */
function phoneIn(run: string): [number, number] | null {
  if (isPhone(run)) return [0, run.length];
  const groups = [...run.matchAll(/\+?\d+/g)].map((g) => ({ start: g.index, end: g.index + g[0].length, digits: g[0].replace('+', '').length }));
  let found: [number, number] | null = null;
  for (let k = 0, digits = 0; k < groups.length - 1 && (digits += groups[k]!.digits) <= MAX_PHONE_DIGITS; k++) {
    if (isPhone(run.slice(0, groups[k]!.end))) found = [0, groups[k]!.end];
  }
  if (found) return found;
  for (let k = groups.length - 1, digits = 0; k > 0 && (digits += groups[k]!.digits) <= MAX_PHONE_DIGITS; k--) {
    if (isPhone(run.slice(groups[k]!.start))) found = [groups[k]!.start, run.length];
  }
  return found;
}

/**
 * What was undone to find a contact: folds of its characters, separators
 * inside its `number` (a phone number, a QQ number), and for names and
 * addresses a spelled-out dot or at.
 */
function evasionOf(n: NormalizedText, v: ContactView, from: number, to: number, number: string | null): string[] {
  let bits = 0;
  const start = ownerOf(v, from);
  const end = ownerOf(v, to);
  for (let i = start; i < end; i++) bits |= contactBits(n.original[i]!);
  if (number !== null && /[^\d+]/.test(number)) bits |= EVASION_BIT.separator;
  if (number === null && SPELLED.test(v.view.slice(from, to))) bits |= EVASION_BIT.spelled;
  return evasionNames(bits);
}

/** The view's units, keeping the characters the patterns' own sources use; the rest need not reach them one by one. */
let units: Uint16Array | undefined;
const unitsForPatterns = () =>
  (units ??= viewUnits([...PATTERNS.flatMap((p) => [p.pattern.source, p.sign?.source ?? '']), DIGIT_RUN.source, SPELLED.source]));

export function detectContacts(n: NormalizedText, scratch?: Scratch): Finding[] {
  const v = contactView(n, unitsForPatterns(), scratch);
  const found: Finding[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number) => taken.some(([s, e]) => a < e && s < b);
  const add = (kind: ContactKind, from: number, to: number, number: string | null) => {
    const start = ownerOf(v, from);
    const end = ownerOf(v, to - 1) + 1;
    if (overlaps(start, end)) return;
    taken.push([start, end]);
    const evasion = evasionOf(n, v, from, to, number);
    found.push({ category: 'ad', word: kind, lexicon: 'contact', start, end, weight: CONTACT_WEIGHTS[kind], evasion });
  };
  // A text without Latin letters (or without digits) cannot hold the contacts that need them: skip their patterns.
  const has = { latin: NEEDED.latin.test(v.view), digit: NEEDED.digit.test(v.view) };
  for (const gated of PATTERNS) {
    const { kind } = gated;
    if (!has[gated.needs]) continue;
    for (const m of matchesNearSigns(v.view, gated)) {
      if (kind === 'url' && EXAMPLE_DOMAIN.test(` ${m[0]}`)) continue;
      if (kind === 'messenger' && !isHandle(m)) continue;
      add(kind, m.index, m.index + m[0].length, kind === 'qq' ? m.groups!.id! : null);
    }
  }
  if (!has.digit) return found;
  for (const m of v.view.matchAll(DIGIT_RUN)) {
    const phone = phoneIn(m[0]);
    if (phone) add('phone', m.index + phone[0], m.index + phone[1], m[0].slice(phone[0], phone[1]));
  }
  return found;
}
