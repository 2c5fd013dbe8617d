// Made-up people for tests, the simulator and demos. Never real: numbers are built from invented
// parts and given valid GB 11643 check characters with residentIdCheckChar, so validation paths run.
import { residentIdCheckChar } from '../../sync/protocol/id-numbers.js';
import { PHOTO_LENGTH } from './codec.js';

export type SyntheticLayout = 'resident' | 'hmt' | 'foreigner-old' | 'foreigner-2023';

interface CommonFields {
  readonly gender: '0' | '1' | '2' | '9';
  /** YYYYMMDD */
  readonly birth: string;
  readonly validFrom: string;
  /** YYYYMMDD or 长期 */
  readonly validUntil: string;
  readonly idNumber: string;
}

export type SyntheticIdentity =
  | { readonly label: string; readonly layout: 'resident'; readonly fields: CommonFields & { name: string; nation: string; address: string; issuer: string } }
  | {
      readonly label: string;
      readonly layout: 'hmt';
      readonly fields: CommonFields & { name: string; address: string; issuer: string; permitNumber: string; issueCount: string };
    }
  | {
      readonly label: string;
      readonly layout: 'foreigner-old';
      readonly fields: CommonFields & { englishName: string; name: string; nationality: string; cardVersion: string; authorityCode: string };
    }
  | {
      readonly label: string;
      readonly layout: 'foreigner-2023';
      readonly fields: CommonFields & { englishName: string; name: string; nationality: string; renewalCount: string };
    };

/** 17 digits + their check character. */
export function withCheckChar(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

export const SYNTHETIC_IDENTITIES: readonly SyntheticIdentity[] = [
  {
    label: '张三丰 (居民身份证)',
    layout: 'resident',
    fields: {
      name: '张三丰',
      gender: '1',
      nation: '01',
      birth: '19500315',
      address: '北京市东城区示例胡同1号',
      idNumber: withCheckChar('11010119500315123'),
      issuer: '北京市公安局东城分局',
      validFrom: '20100401',
      validUntil: '长期',
    },
  },
  {
    label: '李小梅 (居民身份证, 已过期)',
    layout: 'resident',
    fields: {
      name: '李小梅',
      gender: '2',
      nation: '01',
      birth: '19900721',
      address: '广东省深圳市南山区测试路88号测试花园3栋1201',
      idNumber: withCheckChar('44030519900721246'),
      issuer: '深圳市公安局南山分局',
      validFrom: '20100501',
      validUntil: '20200501',
    },
  },
  {
    label: '阿依古丽·测试 (居民身份证)',
    layout: 'resident',
    fields: {
      name: '阿依古丽·测试',
      gender: '2',
      nation: '05',
      birth: '19851102',
      address: '新疆维吾尔自治区乌鲁木齐市天山区样例街道100号',
      idNumber: withCheckChar('65010219851102582'),
      issuer: '乌鲁木齐市公安局天山区分局',
      validFrom: '20210901',
      validUntil: '20410901',
    },
  },
  {
    label: 'SMITH JOHN (外国人永久居留身份证)',
    layout: 'foreigner-2023',
    fields: {
      name: '史密斯约翰',
      englishName: 'SMITH, JOHN EXAMPLE',
      gender: '1',
      renewalCount: '00',
      birth: '19800101',
      idNumber: withCheckChar('91184019800101001'),
      nationality: 'USA',
      validFrom: '20231201',
      validUntil: '20331201',
    },
  },
  {
    label: 'KIM MINJUN (外国人永久居留证, 旧版)',
    layout: 'foreigner-old',
    fields: {
      englishName: 'KIM, MINJUN SAMPLE',
      name: '金敏俊',
      gender: '1',
      idNumber: 'KOR318506120123',
      nationality: 'KOR',
      birth: '19850612',
      validFrom: '20180301',
      validUntil: '20280301',
      cardVersion: '05',
      authorityCode: '3100',
    },
  },
  {
    label: '陈家明 (港澳台居民居住证)',
    layout: 'hmt',
    fields: {
      name: '陈家明',
      gender: '1',
      birth: '19920808',
      address: '广东省深圳市福田区示范大道200号',
      idNumber: withCheckChar('81000019920808135'),
      issuer: '深圳市公安局',
      validFrom: '20220110',
      validUntil: '20270110',
      permitNumber: 'H00000001',
      issueCount: '01',
    },
  },
];

/** A recognisable, obviously fake WLT block: the photo stays bytes end to end. */
export function syntheticPhoto(identity: SyntheticIdentity): Uint8Array {
  const photo = new Uint8Array(PHOTO_LENGTH);
  photo.set([0x57, 0x4c, 0x54], 0); // "WLT"
  const seed = identity.fields.idNumber;
  for (let i = 3; i < photo.length; i++) photo[i] = (seed.charCodeAt(i % seed.length) * 31 + i) & 0xff;
  return photo;
}

export function syntheticFingerprint(identity: SyntheticIdentity): Uint8Array {
  const fp = new Uint8Array(1024);
  const seed = identity.fields.idNumber;
  for (let i = 0; i < fp.length; i++) fp[i] = (seed.charCodeAt(i % seed.length) * 7 + i * 3) & 0xff;
  return fp;
}
