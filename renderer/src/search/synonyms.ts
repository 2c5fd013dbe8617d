// Everyday words for official names, added to an item's keywords when its name or keywords contain the
// official term. The catalog's own keywords come first; this list only covers what people say at the
// counter that catalogs tend to leave out. Small on purpose: each line is a judgement someone can check.
export const EVERYDAY_WORDS: Readonly<Record<string, readonly string[]>> = {
  社会保障卡: ['社保卡', '社保'],
  社会保险: ['社保'],
  医疗保险: ['医保'],
  医保: ['医疗保险'],
  养老保险: ['养老金', '社保'],
  退休: ['养老', '退休金'],
  户籍: ['户口', '上户口'],
  户口: ['户籍'],
  居民身份证: ['身份证'],
  机动车驾驶证: ['驾照', '驾驶证'],
  驾驶证: ['驾照'],
  营业执照: ['开公司', '开店', '办执照'],
  个体工商户: ['开店', '个体户'],
  住房公积金: ['公积金'],
  公积金: ['住房公积金'],
  不动产: ['房产证', '房本'],
  结婚登记: ['领证', '结婚证'],
  失业: ['失业金', '下岗'],
  最低生活保障: ['低保'],
  出生医学证明: ['出生证'],
  公共租赁住房: ['公租房', '廉租房'],
  残疾人: ['残疾证'],
};

/** The everyday words for a text (name or keyword), without duplicates. */
export function everydayWordsFor(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const [official, words] of Object.entries(EVERYDAY_WORDS)) {
    if (texts.some((t) => t.includes(official))) for (const w of words) out.add(w);
  }
  for (const t of texts) out.delete(t);
  return [...out];
}
