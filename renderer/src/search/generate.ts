// A deterministic made-up catalog of any size for the benchmark and the index-vs-scan agreement test:
// names built from real service vocabulary so pinyin, keywords and departments look like the real thing.
import type { SearchableItem } from './entry.js';

const SUBJECTS = ['社会保障卡', '居民身份证', '户口', '医疗保险', '养老保险', '住房公积金', '营业执照', '驾驶证', '不动产', '居住证', '失业保险', '出生医学证明', '结婚登记', '残疾人证', '公共租赁住房', '个体工商户', '最低生活保障', '异地就医', '护照', '港澳通行证', '机动车', '税务', '发票', '社会救助', '临时救助', '高龄津贴', '就业登记', '职业资格', '水电气', '燃气'];
const ACTIONS = ['申领', '补领', '换领', '挂失', '变更', '注销', '查询', '备案', '转移接续', '年审', '迁入', '迁出', '提取', '缴存', '认证', '登记', '预约', '核定', '办理', '打印'];
const DEPARTMENTS: readonly [string, string][] = [
  ['公安局', 'Public Security Bureau'],
  ['人力资源和社会保障局', 'Human Resources and Social Security Bureau'],
  ['医疗保障局', 'Healthcare Security Administration'],
  ['民政局', 'Civil Affairs Bureau'],
  ['市场监督管理局', 'Administration for Market Regulation'],
  ['住房公积金管理中心', 'Housing Provident Fund Management Centre'],
  ['税务局', 'Taxation Bureau'],
  ['不动产登记中心', 'Real Estate Registration Centre'],
];
const PLACES = ['', '市', '区', '街道', '跨省', '省内', '线上', '窗口', '县', '乡镇'];

/** Park–Miller: the same catalog on every run. */
function random(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

export function generateCatalog(size: number, seed = 42): SearchableItem[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const items: SearchableItem[] = [];
  for (let i = 0; i < size; i++) {
    const subject = pick(SUBJECTS);
    const action = pick(ACTIONS);
    const place = pick(PLACES);
    const [deptZh, deptEn] = pick(DEPARTMENTS);
    items.push({
      id: `gen-${i}`,
      name: { zh: `${place}${subject}${action}`, en: `${subject} ${action} ${i}` },
      department: { zh: deptZh, en: deptEn },
      keywords: [subject.slice(0, 2) + action.slice(0, 1), pick(SUBJECTS)],
      code: `11${String(100000 + i)}`,
    });
  }
  return items;
}

/** What a person types, keystroke by keystroke: Chinese, full pinyin and initials. */
export const TYPED_QUERIES: readonly string[] = ['社保卡', 'shebaoka', 'sbk', '公积金提取', 'gjjtq', '户口迁入', 'hukouqianru', '医保', 'yibaozhuanyi', '驾照', 'jiazhao', '营业执照', 'yyzz', '低保', '残疾', 'canji', '异地就医备案', 'ydjy'];

/** Every prefix of every query, in typing order ("s", "sb", "sbk", …). */
export function keystrokes(queries: readonly string[] = TYPED_QUERIES): string[][] {
  return queries.map((q) => Array.from(q, (_, i) => Array.from(q).slice(0, i + 1).join('')));
}
