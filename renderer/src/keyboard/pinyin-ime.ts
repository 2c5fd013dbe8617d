// A small pinyin input method for names and addresses typed at a kiosk. Candidates come from a built-in
// list of words and characters common on government forms (places, streets, units, frequent surname and
// given-name characters); pinyin-pro supplies their readings. Honest limits: it knows only this list
// (a few hundred entries) — rarer characters cannot be typed this way; the person can then switch to
// letters or ask at the counter. No phrase prediction, no learning.
import { pinyin } from 'pinyin-pro';

const WORDS =
  '北京 上海 天津 重庆 广州 深圳 杭州 南京 成都 武汉 西安 苏州 省 市 区 县 镇 乡 村 街道 社区 路 街 大道 巷 弄 号 楼 栋 单元 室 层 小区 花园 公寓 新村 大厦 中心 ' +
  '东 南 西 北 中 一 二 三 四 五 六 七 八 九 十 人民 解放 建设 和平 胜利 幸福 光明 文化 学院 公司 有限 责任 集团 工厂 学校 医院 银行 ' +
  '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 ' +
  '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 华 红 玉 兰 英 梅 文 辉 建国 建华 国强 志强 海 波 宁 鹏 飞 斌 宇 浩 凯 健 俊 帆 帅 旭 鑫 婷 雪 琳 晶 颖 倩 欣 佳 怡 子 涵 梓 轩 睿 晨 宇轩 浩然 ' +
  '父亲 母亲 配偶 子女 本人 工作 退休 无业 学生 农民 个体 经营 邮寄 地址 电话 手机';

interface Candidate {
  readonly text: string;
  /** Syllables without tones, e.g. ['jie', 'dao']. */
  readonly syllables: readonly string[];
  readonly full: string;
  readonly order: number;
}

let table: Candidate[] | null = null;

function candidates(): Candidate[] {
  if (!table) {
    table = [...new Set(WORDS.split(/\s+/).filter(Boolean))].map((text, order) => {
      const syllables = pinyin(text, { toneType: 'none', type: 'array', v: true });
      return { text, syllables, full: syllables.join(''), order };
    });
  }
  return table;
}

/** Characters and words for what was typed so far ("jie" → 街, 杰, 街道…; "jd" → 街道), best first. */
export function pinyinCandidates(typed: string, limit = 12): string[] {
  const q = typed.toLowerCase().replace(/[^a-z]/g, '');
  if (q.length === 0) return [];
  const scored: { text: string; rank: number; order: number }[] = [];
  for (const c of candidates()) {
    let rank = -1;
    if (c.full === q) rank = 0;
    else if (c.full.startsWith(q)) rank = 1;
    else if (c.syllables.length > 1 && c.syllables.map((s) => s[0]).join('') === q) rank = 2;
    if (rank >= 0) scored.push({ text: c.text, rank, order: c.order });
  }
  scored.sort((a, b) => a.rank - b.rank || a.text.length - b.text.length || a.order - b.order);
  return scored.slice(0, limit).map((s) => s.text);
}

export const PINYIN_VOCABULARY_SIZE = (): number => candidates().length;
