import { describe, expect, it } from 'vitest';
import { catalogItemSchema } from '../../../sync/protocol/catalog.js';
import type { ECertificate } from '../../../sync/protocol/e-certificates.js';
import { materialKey } from '../materials/extras.js';
import { eCertificateChanges, eCertificateMaterials, eCertificateValues, usesECertificates } from './e-certificates.js';

const service = catalogItemSchema.parse({
  id: 'svc-company-seal',
  name: { zh: '刻制公章备案', en: 'Company seal' },
  department: { zh: '公安局', en: 'Police' },
  updatedAt: '2026-11-01T00:00:00.000Z',
  form: [
    { key: 'companyName', label: { zh: '企业名称', en: 'Company' }, type: 'text', eCertificate: { kind: 'business_licence', field: 'enterpriseName' } },
    { key: 'companyUscc', label: { zh: '统一社会信用代码', en: 'USCC' }, type: 'uscc', eCertificate: { kind: 'business_licence', field: 'uscc' } },
    { key: 'spouseName', label: { zh: '配偶', en: 'Spouse' }, type: 'text', eCertificate: { kind: 'marriage', field: 'spouseName' } },
    { key: 'phone', label: { zh: '电话', en: 'Phone' }, type: 'phone' },
  ],
  materials: [
    { key: 'businessLicense', name: { zh: '营业执照', en: 'Business licence' }, eCertificate: 'business_licence' },
    { key: 'hukouBook', name: { zh: '户口簿', en: 'Hukou' }, eCertificate: 'hukou' },
    { key: 'idCard', name: { zh: '身份证', en: 'ID card' } },
  ],
});

const licence: ECertificate = {
  kind: 'business_licence',
  number: 'YZ-1',
  issuer: '市场监督管理局',
  issuedOn: '2019-03-12',
  holderName: '张三丰',
  fields: { enterpriseName: '北京示例太极文化有限公司', uscc: '91110101MA01RX7K3F' },
};

describe('e-certificates in the form', () => {
  it('knows which services use them', () => {
    expect(usesECertificates(service)).toBe(true);
    expect(usesECertificates({ ...service, form: [], materials: [] })).toBe(false);
  });

  it('fills declared fields from certificates the person has, and satisfies only their materials', () => {
    expect(eCertificateValues(service.form, [licence])).toEqual({ companyName: '北京示例太极文化有限公司', companyUscc: '91110101MA01RX7K3F' });
    expect(eCertificateMaterials(service.materials, [licence])).toEqual(['businessLicense']);
    expect(eCertificateValues(service.form, [])).toEqual({});
    expect(eCertificateMaterials(service.materials, [])).toEqual([]);
  });

  it('never overwrites what the person typed or decided', () => {
    const values = { companyName: '我自己填的公司', companyUscc: '', [materialKey('businessLicense')]: 'captured' };
    expect(eCertificateChanges(service, values, [licence], materialKey)).toEqual({ fields: { companyUscc: '91110101MA01RX7K3F' }, materials: [] });
  });
});
