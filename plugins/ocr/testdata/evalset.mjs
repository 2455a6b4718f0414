// The OCR evaluation set, made on the machine: printed lines of Chinese and English in several
// fonts, sizes and colours, then a noisy copy of each (noise, blur, small rotation, JPEG), plus a
// few lines on textured backgrounds. Ground truth is the line itself. Needs fonts-noto-cjk.
import sharp from 'sharp';

const CHINESE = [
  '今天天气很好，我们去公园散步。', '请在下周一之前提交季度报告', '本店新到一批夏季服装', '会议改在三楼的小会议室举行',
  '欢迎光临，请出示您的会员卡', '地铁二号线将于明日恢复运营', '这本书讲述了一个家族三代人的故事', '注意安全，禁止攀爬护栏',
  '全场商品八折优惠，仅限本周末', '学校图书馆周末开放时间调整', '他在北京工作了整整十年', '请保持安静，图书馆内禁止喧哗',
  '新鲜水果每日直供，欢迎选购', '高速公路前方五公里处施工', '我们的产品通过了质量认证', '春节期间快递服务正常',
  '研究团队发布了最新的实验结果', '城市公园里开满了樱花', '请勿在公共场所吸烟', '明天上午九点召开全体大会',
];
const ENGLISH = [
  'The quick brown fox jumps over the lazy dog', 'Opening hours: Monday to Friday 9am to 6pm', 'Please keep your ticket until the end of the trip',
  'Free delivery on orders over 99 dollars', 'Annual report for the year 2025', 'No parking in front of the gate',
  'Meeting moved to room 402 on the fourth floor', 'Visit our website for more information',
];
const MIXED = [
  '客服电话 400-820-1234', '订单号 A20251121-0087', '加微信 shop8888 领优惠券', '联系电话 13812345678', '官网 www.example.cn 欢迎访问',
  'WiFi 密码 guest2025', '第 3 期 共 12 期', '价格 ¥199 元起',
];
const FONTS = ['Noto Sans CJK SC', 'Noto Serif CJK SC'];
const LATIN_FONTS = ['DejaVu Sans', 'DejaVu Serif', 'Noto Sans CJK SC'];
const COLOURS = [['#ffffff', '#111111'], ['#f4ecd8', '#3a2a1a'], ['#1d3557', '#f1faee'], ['#ffffff', '#b00020']];

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function rng(seed) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

async function render(text, font, size, [bg, fg], background) {
  const width = Math.ceil(text.length * size * 1.05 + 60);
  const height = Math.ceil(size * 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="${bg}"/><text x="30" y="${Math.round(size * 1.35)}" font-size="${size}" font-family="${font}" fill="${fg}">${escape(text)}</text></svg>`;
  let img = sharp(Buffer.from(svg));
  if (background) img = sharp(await img.png().toBuffer()).composite([{ input: background(width, height), raw: { width, height, channels: 3 }, blend: 'multiply' }]);
  return img.png().toBuffer();
}

function texture(seed) {
  return (width, height) => {
    const next = rng(seed);
    const data = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = 170 + Math.round(60 * Math.sin(x / 7 + y / 11) * Math.cos(y / 5)) + Math.round(next() * 30);
        data.set([v, v - 10, v - 25], (y * width + x) * 3);
      }
    }
    return data;
  };
}

/** Light noise, slight blur, a small rotation and JPEG: what a screenshot or photo of print looks like. */
async function degrade(png, seed) {
  const next = rng(seed);
  const angle = (next() - 0.5) * 8;
  const img = sharp(png).rotate(angle, { background: '#ffffff' }).blur(0.6 + next() * 0.6);
  const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i] + Math.round((next() - 0.5) * 40)));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 60 }).toBuffer();
}

/** `{ set, name, text, bytes }` for every case: sets `clean`, `noisy` and `textured`. */
export async function evaluationSet() {
  const cases = [];
  const lines = [...CHINESE.map((t) => ['zh', t]), ...ENGLISH.map((t) => ['en', t]), ...MIXED.map((t) => ['mixed', t])];
  let i = 0;
  for (const [kind, text] of lines) {
    const fonts = kind === 'en' ? LATIN_FONTS : FONTS;
    const font = fonts[i % fonts.length];
    const size = [24, 32, 40, 48][i % 4];
    const colours = COLOURS[i % COLOURS.length];
    const clean = await render(text, font, size, colours);
    cases.push({ set: 'clean', kind, name: `clean-${i}`, text, bytes: clean });
    cases.push({ set: 'noisy', kind, name: `noisy-${i}`, text, bytes: await degrade(clean, 1000 + i) });
    if (i % 6 === 0) cases.push({ set: 'textured', kind, name: `textured-${i}`, text, bytes: await render(text, font, size, ['#ffffff', '#101010'], texture(i)) });
    i++;
  }
  return cases;
}

/** Levenshtein distance over code points. */
export function editDistance(a, b) {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/** Compared without whitespace: engines differ in how they space CJK and Latin, which is not a reading error. */
export const normalise = (s) => s.replace(/\s+/g, '');
