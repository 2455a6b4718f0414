/**
 * Homophone folding reads 家 as 加 and 芯 as 信 so that "家薇信" is still 加微信;
 * but 到家, 瑜伽 and 芯片 are words of their own, and "到家微信告诉我" or "增加微芯片"
 * hold no 加微信. A character that makes a common word with a neighbour keeps
 * its own reading. Pairs suffice: a longer word (伽利略, 耳闻目睹) has its pair.
 */
import { HOMOPHONES } from './variants.js';

/**
 * Common words with a homophone-folded character (HOMOPHONES), two
 * characters each, simplified. Not 威信: "加威信" is the evasion far more
 * often than anyone adds to their prestige in a chat.
 */
const COMMON_WORDS = `
大家 国家 回家 到家 在家 作家 专家 人家 老家 自家 全家 张家 王家 李家 刘家 陈家 杨家 赵家 黄家 周家 吴家 商家 厂家 买家 卖家
店家 东家 娘家 婆家 管家 搬家 成家 住家 农家 玩家 赢家 输家 庄家 亲家 酒家 儒家 道家 佛家 皇家 公家 独家 一家 两家 我家
你家 他家 她家 咱家 谁家 别家 各家 本家 安家 持家 离家 想家 看家 发家 起家 养家 当家 行家 名家 画家 学家 船家 百家 世家
家里 家人 家庭 家乡 家具 家电 家务 家长 家族 家属 家门 家中 家园 家常 家事 家教 家境 家产 家业 家底 家伙 家居 家政 家用 家畜
家禽 家访 家宴 家书 家规 家风 家谱 家私 家眷 家父 家母 家兄 家姐 家家
瑜伽 伽马 伽利 伽蓝 伽罗
芯片 芯子 芯线 机芯 笔芯 灯芯 核芯 岩芯 铅芯 内芯 电芯 线芯 菜芯 烛芯 芯芯
蔷薇 紫薇 薇薇 晓薇 小薇 雅薇 诗薇 思薇 佳薇
威胁 威力 威风 威望 威严 威武 威尔 威廉 威士 威尼 威海 威慑 威猛 威名 威势 威逼 权威 示威 发威 天威 声威 淫威 助威 军威
国威 扬威 神威 挪威 立威
徽章 徽标 安徽 徽州 国徽 校徽 会徽 队徽 警徽 徽菜 徽派
豆蔻 蔻丹
苦涩 羞涩 干涩 艰涩 晦涩 涩味 酸涩 生涩 青涩
瑟瑟 萧瑟 琴瑟 瑟缩
干嘛 喇嘛 是嘛 好嘛 嘛呢
堵车 堵塞 拥堵 添堵 围堵 封堵 堵住 防堵 堵截 堵漏 堵死 堵心
目睹 睹物 无睹 共睹 先睹
漂亮 漂流 漂白 漂浮 漂移 漂泊 漂洗 漂染 漂游
`
  .split(/\s+/)
  .filter(Boolean);

/** Each character of the common words, numbered from 1; 0 for every other (a typed array: it is read beside every folded homophone). */
let index: Uint8Array | undefined;
let pairs: Set<number> | undefined;

function build(): void {
  index = new Uint8Array(0x10000);
  pairs = new Set();
  let next = 1;
  const numberOf = (c: string) => {
    const cp = c.codePointAt(0)!;
    if (cp >= 0x10000) throw new Error(`${c} is outside the Basic Multilingual Plane`);
    if (!index![cp]) {
      if (next > 255) throw new Error('too many characters in the common words for one byte each');
      index![cp] = next++;
    }
    return index![cp]!;
  };
  for (const word of COMMON_WORDS) {
    const [a, b] = [...word];
    if (!(a! in HOMOPHONES) && !(b! in HOMOPHONES)) throw new Error(`${word} has no homophone-folded character`);
    pairs.add(numberOf(a!) * 256 + numberOf(b!));
  }
}

/** Whether the two characters (each as folding reads it before homophones) make a common word. */
export function isCommonPair(a: number, b: number): boolean {
  if (!index) build();
  if (a >= 0x10000 || b >= 0x10000) return false;
  const ia = index![a]!;
  const ib = index![b]!;
  return ia !== 0 && ib !== 0 && pairs!.has(ia * 256 + ib);
}
