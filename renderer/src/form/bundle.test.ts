import { describe, expect, it } from 'vitest';
import sample from '../../../kiosk-config/catalog/sample-catalog.json' with { type: 'json' };
import { catalogItemSchema, type CatalogItem } from '../../../sync/protocol/catalog.js';
import { mergeBundleForm, serviceScopedKey, withMergedForm } from './bundle.js';

const catalog: CatalogItem[] = sample.map((i) => catalogItemSchema.parse(i));
const item = (id: string) => catalog.find((i) => i.id === id)!;

describe('one merged form for a bundle', () => {
  it('asks a field several services need (same key and type) once, and every other field of every service', () => {
    const newborn = item('bundle-newborn');
    const { fields, neededBy } = mergeBundleForm(newborn, catalog);
    const keys = fields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k === 'childName')).toHaveLength(1);
    expect(neededBy['childName']).toEqual(['bundle-newborn', 'svc-birth-medical-certificate', 'svc-newborn-hukou', 'svc-vaccination-certificate']);
    // Every included service's questions are in the merged form.
    for (const id of newborn.includes) {
      for (const field of item(id).form) expect(keys).toContain(field.key);
    }
    // The bundle's own order comes first.
    expect(keys.slice(0, newborn.form.length)).toEqual(newborn.form.map((f) => f.key));
  });

  it('asks the same key with another type separately, naming the service', () => {
    const bundle = catalogItemSchema.parse({
      id: 'bundle-x',
      kind: 'bundle',
      name: { zh: '测试一件事', en: 'Test bundle' },
      department: { zh: '部门', en: 'Dept' },
      includes: ['svc-a', 'svc-b'],
      updatedAt: 'x',
    });
    const a = catalogItemSchema.parse({ id: 'svc-a', name: { zh: '甲', en: 'A' }, department: bundle.department, updatedAt: 'x', form: [{ key: 'amount', label: { zh: '金额', en: 'Amount' }, type: 'number' }] });
    const b = catalogItemSchema.parse({ id: 'svc-b', name: { zh: '乙', en: 'B' }, department: bundle.department, updatedAt: 'x', form: [{ key: 'amount', label: { zh: '金额', en: 'Amount' }, type: 'text' }] });
    const { fields } = mergeBundleForm(bundle, [bundle, a, b]);
    expect(fields.map((f) => f.key)).toEqual(['amount', 'svcB_amount']);
    expect(fields[1]!.label.zh).toBe('金额（乙）');
    expect(serviceScopedKey('svc-water-transfer', 'accountNumber')).toBe('svcWaterTransfer_accountNumber');
  });

  it('leaves services alone and skips included ids missing from the catalog', () => {
    expect(withMergedForm(item('svc-social-security-card'), catalog)).toBe(item('svc-social-security-card'));
    const partial = withMergedForm(item('bundle-retirement'), catalog.filter((i) => i.id !== 'svc-provident-fund-withdrawal'));
    expect(partial.form.map((f) => f.key)).not.toContain('withdrawalReason');
    expect(partial.form.map((f) => f.key)).toContain('employerName');
  });
});
