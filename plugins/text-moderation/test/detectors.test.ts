import { describe, expect, it } from 'vitest';
import { builtInMatcher, moderateWith, slice } from './helpers.js';

const moderate = moderateWith([await builtInMatcher()]);
const found = (text: string, lexicon: string) => moderate(text).hits.filter((h) => h.lexicon === lexicon);

describe('contact information', () => {
  it.each([
    ['我的电话13812345678', '13812345678', []],
    ['电话 138 1234 5678 找我', '138 1234 5678', ['separator']],
    ['电话138-1234-5678', '138-1234-5678', ['separator']],
    ['手机：１３８１２３４５６７８', '１３８１２３４５６７８', ['fullwidth']],
    ['手机①③⑧①②③④⑤⑥⑦⑧', '①③⑧①②③④⑤⑥⑦⑧', ['styled']],
    ['打幺三八一二三四五六七八', '幺三八一二三四五六七八', ['numeral']],
    ['手機么三八么二三四五六七八', '么三八么二三四五六七八', ['numeral']],
    ['你说什么13812345678', '13812345678', []],
    ['+86 138 1234 5678', '+86 138 1234 5678', ['separator']],
    ['座机 010-62345678', '010-62345678', ['separator']],
    ['客服4008123456', '4008123456', []],
    ['whatsapp +852 9123 4567', '+852 9123 4567', ['separator']],
    ['call 00852 91234567', '00852 91234567', ['separator']],
    ['联系13812345678 3号楼', '13812345678', []],
    ['1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣', '1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8', ['separator']],
  ])('finds the phone number in %j', (text, matched, evasion) => {
    const [hit] = found(text, 'contact');
    expect(hit).toMatchObject({ word: 'phone', category: 'ad', matched, evasion });
    expect(slice(text, hit!.start, hit!.end)).toBe(matched);
  });

  it.each([
    '会议定于2024-11-21 14:30举行',
    '价格¥13,800.00元，共2件',
    '见第123页第45行',
    '订单号 2024112112345678901',
    '身份证号码不要发在这里，电话区号是010',
    '今年是二〇二四年，一二三四五六七八九',
    '版本 v1.2.3 发布于 3.14',
    '按 Ctrl+Q 12345 次也退不出',
    '评分★★★★★ 12345678 人看过',
    '卡号 6222 0212 3456 7890 123',
  ])('leaves ordinary numbers alone: %j', (text) => {
    expect(found(text, 'contact')).toEqual([]);
  });

  it.each([
    ['加我微信：abc_12345 谢谢', 'wechat', '微信：abc_12345'],
    ['vx: hello_world99', 'wechat', 'vx: hello_world99'],
    ['薇信号是 kefu8888', 'wechat', '薇信号是 kefu8888'],
    ['QQ：12345678', 'qq', 'QQ：12345678'],
    ['扣扣 8765 4321', 'qq', '扣扣 8765 4321'],
    ['扣*扣：八*七*六*五*四*三*二*一', 'qq', '扣*扣：八*七*六*五*四*三*二*一'],
    ['q.q 号 9 8 7 6 5 4', 'qq', 'q.q 号 9 8 7 6 5 4'],
    ['看片加群：123456789', 'qq', '加群：123456789'],
    ['群号 87654321 速来', 'qq', '群号 87654321'],
    ['访问 www.cheap-deals.com 了解', 'url', 'www.cheap-deals.com'],
    ['https://bad.example.cn/path?a=1 点开', 'url', 'https://bad.example.cn/path?a=1'],
    ['看 cheapdeals dot com', 'url', 'cheapdeals dot com'],
    ['上 badsite点top 看', 'url', 'badsite点top'],
    ['发邮件到 sales@example.com', 'email', 'sales@example.com'],
    ['＋V：abc123x 领福利', 'wechat', '＋V：abc123x'],
    ['微信 idabc12', 'wechat', '微信 idabc12'],
    ['微信id：kefu_888', 'wechat', '微信id：kefu_888'],
    ['tg: @kefu888', 'messenger', 'tg: @kefu888'],
    ['加我飞机 kefu888 带你赚钱', 'messenger', '飞机 kefu888'],
    ['電報號：kefu_abc', 'messenger', '電報號：kefu_abc'],
    ['line id: kefu888', 'messenger', 'line id: kefu888'],
    ['w\u0435chat: kefu888', 'wechat', 'w\u0435chat: kefu888'],
    ['邮箱 john(at)mail.com', 'email', 'john(at)mail.com'],
    ['➕微：kefu666 领福利', 'wechat', '➕微：kefu666'],
    ['加*微 kefu_666', 'wechat', '加*微 kefu_666'],
    ['✚V kefu666', 'wechat', '✚V kefu666'],
    ['加Q 1 2 3 4 5 6 7 8 9', 'qq', '加Q 1 2 3 4 5 6 7 8 9'],
    ['+q：12345678', 'qq', '+q：12345678'],
    ['🆆🅴🅲🅷🅰🆃: kefu888', 'wechat', '🆆🅴🅲🅷🅰🆃: kefu888'],
    ['vx❤kefu666 私聊', 'wechat', 'vx❤kefu666'],
    ['威❤信 kefu666', 'wechat', '威❤信 kefu666'],
    ['wei xin: abc12345', 'wechat', 'wei xin: abc12345'],
    ['➕V看资料：abc8888', 'wechat', '➕V看资料：abc8888'],
    ['薇：abc8888，备注来意', 'wechat', '薇：abc8888'],
    ['微信咨询：kefu2024', 'wechat', '微信咨询：kefu2024'],
    ['电话138💕1234💕5678', 'phone', '138💕1234💕5678'],
  ])('finds %j as %s', (text, word, matched) => {
    const hit = found(text, 'contact').find((h) => h.word === word);
    expect(hit).toMatchObject({ matched });
    expect(slice(text, hit!.start, hit!.end)).toBe(matched);
  });

  it('names what a QQ number hid behind, and leaves version numbers after QQ alone', () => {
    const [hit] = found('扣*扣：八*七*六*五*四*三*二*一', 'contact');
    expect(hit).toMatchObject({ word: 'qq', evasion: expect.arrayContaining(['numeral', 'separator']) });
    expect(found('QQ：12345678', 'contact')[0]!.evasion).not.toContain('separator');
    expect(found('QQ 9.9.12.3456 版本更新了', 'contact')).toEqual([]);
    // Keywords written in traditional characters.
    expect(found('q_q號：5 5 6 6 7 7 8', 'contact')[0]).toMatchObject({ word: 'qq', evasion: expect.arrayContaining(['traditional']) });
    expect(found('微信號為 kefu_8888', 'contact')[0]).toMatchObject({ word: 'wechat', matched: '微信號為 kefu_8888' });
  });

  it('takes a few words before a WeChat colon only when the ID holds a digit, and a lone stand-in only after no other word', () => {
    expect(found('微信支付：success', 'contact')).toEqual([]);
    expect(found('小薇：hello123 你好', 'contact')).toEqual([]);
  });

  it('finds every link and address in a long text, wherever it sits', () => {
    // Links and addresses at the start, the end, side by side and far apart, one with a
    // long chain of subdomains, among Latin words, dots and prices that are neither.
    const filler = (i: number) => `第${i}段：今天天气很好 the quick brown fox 价格 12.50 元，see you.later 谢谢。`;
    const contacts = [
      'www.first-site.com',
      'sales@shop.net',
      'cheapdeals dot com',
      'a(at)b.cn',
      `${Array.from({ length: 20 }, (_, i) => `sub${i}`).join('.')}.deals.xyz`,
      'https://x.top/p?q=1',
      'me@last.io',
    ];
    const parts: string[] = [contacts[0]!, ' '];
    for (let i = 1; i < contacts.length - 1; i++) {
      for (let k = 0; k < 60 * i; k++) parts.push(filler(k));
      parts.push(` ${contacts[i]} `);
      if (i === 2) parts.push(`${contacts[i]} `); // the same link twice, side by side
    }
    parts.push('结尾 ', contacts[contacts.length - 1]!);
    const text = parts.join('');
    expect([...text].length).toBeGreaterThan(15_000);
    const hits = found(text, 'contact');
    expect(hits.map((h) => h.matched)).toEqual([...contacts.slice(0, 3), contacts[2], ...contacts.slice(3)]);
    for (const hit of hits) expect(slice(text, hit.start, hit.end)).toBe(hit.matched);
  });

  it('keeps offsets right after characters that fold into several or come from outside the BMP', () => {
    // ⑩ → "10", ㍱ → "hpa", 😀 is a surrogate pair: the view no longer lines up with the code points.
    const text = '⑩㍱😀 微信 abc_def12 电话 138 1234 5678 写信到 x@shop.cn';
    const hits = found(text, 'contact');
    expect(hits.map((h) => [h.word, h.matched])).toEqual([
      ['wechat', '微信 abc_def12'],
      ['phone', '138 1234 5678'],
      ['email', 'x@shop.cn'],
    ]);
    for (const hit of hits) expect(slice(text, hit.start, hit.end)).toBe(hit.matched);
  });

  it.each([
    'the line between work and life',
    'join our telegram channel today',
    'Subject line: please review',
    'whatsapp group for parents',
    '+86 is the country code',
    '欢迎进群，2024年活动开始',
    '加群人数已达100000人',
  ])('takes no messenger handle or phone number from %j', (text) => {
    expect(found(text, 'contact')).toEqual([]);
  });

  // Each of these held a worker for minutes when the keyword's gap was written as several `\s*`.
  it.each([
    ['微信', 'kefu_8888'],
    ['qq', '87654321'],
    ['tg: ', 'kefu_8888'],
    ['群号', '87654321'],
    ['薇：', 'kefu_8888'],
    ['微信咨询：', 'kefu_8888'],
  ])('reads %j followed by 3,000 spaces and no ID in one pass', (keyword, id) => {
    expect(found(`${keyword}${' '.repeat(3000)}!`, 'contact')).toEqual([]);
    expect(found(`${keyword}${' '.repeat(3000)}${id}`, 'contact')).toHaveLength(1);
  }, 10_000);

  it('does not take file names, versions, sentences or documentation domains for links', () => {
    expect(found('文档示例见 example.com 和 www.example.org', 'contact')).toEqual([]);
    expect(found('请打开 readme.md 和 node.js 文档。Come back later', 'contact')).toEqual([]);
    expect(found('I liked it. Come again', 'contact')).toEqual([]);
  });
});

describe('flood', () => {
  const flood = (text: string) => moderate(text).labels.find((l) => l.category === 'flood')!;

  it('finds character runs', () => {
    expect(flood(`好${'啊'.repeat(25)}`).verdict).toBe('block');
    expect(found(`好${'啊'.repeat(25)}`, 'flood')[0]).toMatchObject({ start: 1, end: 26, word: 'repeated character' });
    expect(flood('啊'.repeat(5)).score).toBe(0);
    // Lines and tables drawn with characters are layout.
    expect(flood(`表格\n${'│    '.repeat(12)}\n${'─────────┼'.repeat(6)}\n正文`).score).toBe(0);
    for (const line of ['-', '=', '─', '═', '.', '_', '~']) expect(flood(`标题\n${line.repeat(30)}\n正文`).score).toBe(0);
    expect(found('太好了！！！！！！！！！！！！', 'flood')[0]).toMatchObject({ word: 'repeated character', matched: '！！！！！！！！！！！！' });
  });

  it('finds repeated phrases, whatever their length', () => {
    const text = `开头${'好评返现'.repeat(6)}结尾`;
    expect(found(text, 'flood')[0]).toMatchObject({ word: 'repeated phrase', start: 2, end: 26 });
    expect(flood('买买买 '.repeat(8)).verdict).not.toBe('pass');
    // The whole text one repeated phrase, shorter than the longest phrase looked for.
    expect(found('傻逼'.repeat(7), 'flood')[0]).toMatchObject({ word: 'repeated phrase', start: 0, end: 14 });
    expect(flood('我们今天去公园，明天去博物馆，后天去海边。').score).toBe(0);
  });

  it('finds key-mash and low-information text, not ordinary words', () => {
    expect(found('asdfghjkl', 'flood')[0]).toMatchObject({ word: 'key mash' });
    expect(found('qwertyuiop', 'flood')[0]).toMatchObject({ word: 'key mash' });
    expect(found('sdkjfhsdkjfh 哈哈', 'flood')[0]).toMatchObject({ word: 'key mash' });
    expect(found('strengths schwarzschild rhythms keyboard zhuangzhuang', 'flood')).toEqual([]);
    // Keys next to each other on adjacent rows are ordinary English; run-together names are words.
    expect(found('preferred addresses assertion referring freshness refreshes asserted', 'flood')).toEqual([]);
    expect(found('use XMLHttpRequest or prefixLengthFromSubnetMask', 'flood')).toEqual([]);
    expect(found('qwerqwer asdasdasd zxcvbnm', 'flood').map((f) => f.word)).toEqual(['key mash', 'key mash', 'key mash']);
    expect(flood('哈哈呵呵'.repeat(10)).score).toBeGreaterThanOrEqual(0.9);
    // Three characters in no repeating order: no run, no phrase, only little information.
    const three = '哈哈呵呵嘿嘿哈呵嘿哈哈嘿呵呵哈嘿嘿哈呵哈嘿呵哈哈嘿嘿呵哈呵嘿';
    expect(found(three, 'flood')).toMatchObject([{ word: 'low information', start: 0, end: 30 }]);
    expect(flood(three).verdict).toBe('block');
    // Four characters, one of them rarer: worth a look, not a block.
    const four = '嗯嗯啊啊哦嗯啊吧哦哦嗯啊嗯哦啊吧啊嗯哦嗯啊哦吧哦啊嗯嗯哦啊哦嗯吧啊啊';
    expect(found(four, 'flood')).toMatchObject([{ word: 'low information' }]);
    expect(flood(four).verdict).toBe('review');
  });

  it('leaves long ordinary writing alone, in English and in Chinese', () => {
    // Long texts have few distinct characters for their length (English has about 60 in all) but carry 4 bits or more each.
    const english =
      'The committee met on Tuesday to review the proposal for the new library building. After a long discussion about costs, ' +
      'the members agreed that the design should be simplified and that the construction company must provide a detailed schedule ' +
      'before any work begins. Several residents spoke in favour of the plan, noting that the current building is too small for ' +
      'the number of visitors it receives every week. Others raised concerns about parking and traffic on the narrow streets.';
    expect(moderate(english).verdict).toBe('pass');
    const chinese = '我们今天去公园散步，明天去博物馆看展览，后天去海边游泳。周末在家里读书，顺便整理一下房间。'.repeat(40);
    expect(found(chinese, 'flood').map((f) => f.word)).not.toContain('low information');
    expect(found('2024-11-01 2024-11-02 2024-11-03 2024-11-04 2024-11-05', 'flood')).toEqual([]);
  });
});
