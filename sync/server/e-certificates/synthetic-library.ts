// The simulated 电子证照 library: electronic certificates of the synthetic people the simulated card reader
// and the identity-QR tools use (devices/id-card/synthetic-identities.ts; repeated here because the platform
// imports nothing but the protocol). Made-up people, valid check digits. A real platform would ask the
// provincial certificate library; this stands in for it, read-only, in memory.
import { eCertificateSchema, type ECertificate } from '../../protocol/index.js';

/** 张三丰 (card 0 of the simulated reader; also the e2e identity-QR person). */
export const SYNTHETIC_ZHANG = '110101195003151235';
/** 阿依古丽·测试 (card 2 of the simulated reader). */
export const SYNTHETIC_AYIGULI = '650102198511025820';

const LIBRARY: Readonly<Record<string, readonly ECertificate[]>> = {
  [SYNTHETIC_ZHANG]: [
    {
      kind: 'hukou',
      number: 'HK110101-0000123',
      issuer: '北京市公安局东城分局',
      issuedOn: '2012-05-20',
      holderName: '张三丰',
      fields: { householdHead: '张三丰', relationToHead: '户主', address: '北京市东城区示例胡同1号', hukouType: '非农业家庭户口' },
    },
    {
      kind: 'marriage',
      number: 'J110101-1978-000456',
      issuer: '北京市东城区民政局',
      issuedOn: '1978-10-01',
      holderName: '张三丰',
      fields: { spouseName: '王秀英', spouseIdNumber: '110101195206081249', registeredOn: '1978-10-01', registrationOffice: '北京市东城区民政局' },
    },
    {
      kind: 'business_licence',
      number: 'YZ110101-2019-7788',
      issuer: '北京市东城区市场监督管理局',
      issuedOn: '2019-03-12',
      holderName: '张三丰',
      fields: {
        enterpriseName: '北京示例太极文化有限公司',
        uscc: '91110101MA01RX7K3F',
        legalRepresentative: '张三丰',
        address: '北京市东城区示例胡同1号',
        establishedOn: '2019-03-12',
      },
    },
  ],
  [SYNTHETIC_AYIGULI]: [
    {
      kind: 'hukou',
      number: 'HK650102-0000789',
      issuer: '乌鲁木齐市公安局天山区分局',
      issuedOn: '2016-08-02',
      holderName: '阿依古丽·测试',
      fields: { householdHead: '阿依古丽·测试', relationToHead: '户主', address: '新疆维吾尔自治区乌鲁木齐市天山区样例街道100号', hukouType: '非农业家庭户口' },
    },
    {
      kind: 'business_licence',
      number: 'YZ650102-2021-0042',
      issuer: '乌鲁木齐市天山区市场监督管理局',
      issuedOn: '2021-06-18',
      holderName: '阿依古丽·测试',
      fields: {
        enterpriseName: '天山区阿依古丽样例馕坊',
        uscc: '92650102MA7X8H2N40',
        legalRepresentative: '阿依古丽·测试',
        address: '新疆维吾尔自治区乌鲁木齐市天山区样例街道100号',
        establishedOn: '2021-06-18',
      },
    },
  ],
};

// Checked once at load: a malformed entry is a bug in this file, not a runtime condition.
for (const certificates of Object.values(LIBRARY)) for (const c of certificates) eCertificateSchema.parse(c);

/** The person's certificates; [] for anyone the library does not know. */
export function lookupSyntheticCertificates(idNumber: string): readonly ECertificate[] {
  return LIBRARY[idNumber.toUpperCase()] ?? [];
}
