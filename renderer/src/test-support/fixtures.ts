// Shared test data: a catalog item with one field of every kind, and a card that fits it.
import type { CardIdentity } from '../../../main/api/devices.js';
import { catalogItemSchema, type CatalogItem } from '../../../sync/protocol/catalog.js';
import { residentIdCheckChar } from '../../../sync/protocol/id-numbers.js';

export function validResidentId(first17 = '11010519491231002'): string {
  return first17 + residentIdCheckChar(first17);
}

export const SAMPLE_ID = validResidentId();

export const sampleService: CatalogItem = catalogItemSchema.parse({
  id: 'svc-social-security-card',
  name: { zh: '社会保障卡补领', en: 'Replace social security card' },
  department: { zh: '人力资源和社会保障局', en: 'Human Resources and Social Security Bureau' },
  highFrequency: true,
  acceptsCardTypes: ['resident'],
  updatedAt: '2026-11-01T00:00:00.000Z',
  form: [
    { key: 'name', label: { zh: '姓名', en: 'Name' }, type: 'text', prefill: 'card.name' },
    { key: 'idNumber', label: { zh: '身份证号码', en: 'ID number' }, type: 'idNumber', prefill: 'card.idNumber' },
    { key: 'phone', label: { zh: '联系电话', en: 'Phone' }, type: 'phone' },
    {
      key: 'gender',
      label: { zh: '性别', en: 'Gender' },
      type: 'select',
      prefill: 'card.gender',
      options: [
        { value: 'male', label: { zh: '男', en: 'Male' } },
        { value: 'female', label: { zh: '女', en: 'Female' } },
      ],
    },
    { key: 'nation', label: { zh: '民族', en: 'Ethnicity' }, type: 'text', prefill: 'card.nation', required: false },
    { key: 'address', label: { zh: '住址', en: 'Address' }, type: 'textarea', prefill: 'card.address', maxLength: 100 },
    { key: 'postcode', label: { zh: '邮编', en: 'Postcode' }, type: 'text', pattern: '^\\d{6}$', required: false },
    { key: 'lostOn', label: { zh: '遗失日期', en: 'Date lost' }, type: 'date', required: false },
  ],
});

export const sampleCard: CardIdentity = {
  cardType: 'resident',
  name: '张三丰',
  gender: 'male',
  nationCode: '01',
  birthDate: '1949-12-31',
  address: '北京市朝阳区建国路1号',
  idNumber: SAMPLE_ID,
  idNumberValid: true,
  issuer: '北京市公安局朝阳分局',
  validFrom: '2015-01-01',
  validUntil: null,
  expired: false,
  photo: { decoded: true },
};
