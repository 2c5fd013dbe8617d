import { describe, expect, it } from 'vitest';
import { catalogItemSchema, type CatalogItem } from '../../../sync/protocol/catalog.js';
import { commitmentSections } from './commitment-text.js';

const STANDARD = [
  { zh: '信息真实。', en: 'True.' },
  { zh: '按期补齐。', en: 'On time.' },
];
const item = (input: Record<string, unknown>): CatalogItem =>
  catalogItemSchema.parse({ name: { zh: input['id'], en: input['id'] }, department: { zh: '局', en: 'Bureau' }, updatedAt: '2026-01-01T00:00:00Z', ...input });

const hukou = item({ id: 'svc-hukou', commitment: [{ zh: '新生儿信息属实。', en: 'Newborn facts true.' }, { zh: '信息真实。', en: 'True.' }] });
const medical = item({ id: 'svc-medical', commitment: [{ zh: '未在他处参保。', en: 'Not insured elsewhere.' }] });
const plain = item({ id: 'svc-plain' });
const sameAsHukou = item({ id: 'svc-same', commitment: [{ zh: '新生儿信息属实。', en: 'Newborn facts true.' }] });

describe('commitment text from the catalog', () => {
  it('a service without its own clauses gets the standard ones; with its own, those', () => {
    expect(commitmentSections(plain, [], STANDARD)).toEqual([{ serviceId: 'svc-plain', service: null, clauses: STANDARD }]);
    expect(commitmentSections(medical, [], STANDARD)).toEqual([{ serviceId: 'svc-medical', service: null, clauses: medical.commitment }]);
  });

  it('a bundle shows the standard part, then each service that declares clauses once, no clause twice', () => {
    const bundle = item({ id: 'bundle-newborn', kind: 'bundle', includes: ['svc-hukou', 'svc-plain', 'svc-medical', 'svc-same', 'svc-missing'] });
    const sections = commitmentSections(bundle, [hukou, medical, plain, sameAsHukou], STANDARD);
    expect(sections).toEqual([
      { serviceId: 'bundle-newborn', service: null, clauses: STANDARD },
      // '信息真实。' is already in the standard part: not repeated under the service.
      { serviceId: 'svc-hukou', service: hukou.name, clauses: [{ zh: '新生儿信息属实。', en: 'Newborn facts true.' }] },
      { serviceId: 'svc-medical', service: medical.name, clauses: medical.commitment },
      // svc-same has nothing new: no empty part; svc-plain and an unknown id add nothing.
    ]);
  });

  it("a bundle's own clauses replace the standard part", () => {
    const own = [{ zh: '一件事承诺。', en: 'Bundle promise.' }];
    const bundle = item({ id: 'bundle-x', kind: 'bundle', includes: ['svc-medical'], commitment: own });
    expect(commitmentSections(bundle, [medical], STANDARD)).toEqual([
      { serviceId: 'bundle-x', service: null, clauses: own },
      { serviceId: 'svc-medical', service: medical.name, clauses: medical.commitment },
    ]);
  });

  it('the schema refuses an empty or oversized list of clauses', () => {
    expect(catalogItemSchema.safeParse({ ...plain, commitment: [] }).success).toBe(false);
    expect(catalogItemSchema.safeParse({ ...plain, commitment: Array.from({ length: 21 }, () => ({ zh: '条', en: 'c' })) }).success).toBe(false);
    expect(catalogItemSchema.safeParse({ ...plain, commitment: [{ zh: '只有中文' }] }).success).toBe(false);
  });
});
