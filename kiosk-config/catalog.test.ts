// The sample service catalog must be exactly what the platform could publish: every item passes the
// protocol's schema, ids are unique, bundles (一件事) point at services in the same file, forms are sound.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogItemSchema, type CatalogItem } from '../sync/protocol/catalog.js';
import { sampleCatalogPath } from './load.js';
import { commitmentSections } from '../renderer/src/commitment/commitment-text.js';
import { translate } from '../renderer/src/i18n/translate.js';

const raw: unknown = JSON.parse(readFileSync(sampleCatalogPath(), 'utf8'));
const inputs = Array.isArray(raw) ? (raw as unknown[]) : [];
const items: CatalogItem[] = inputs.map((input) => catalogItemSchema.parse(input));
const services = items.filter((i) => i.kind === 'service');
const bundles = items.filter((i) => i.kind === 'bundle');

const duplicates = (values: readonly string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

describe('sample catalog', () => {
  it('is an array of items that the protocol schema accepts', () => {
    expect(Array.isArray(raw)).toBe(true);
    for (const input of inputs) {
      const result = catalogItemSchema.safeParse(input);
      const id = (input as { id?: unknown }).id;
      expect(result.success ? '' : `${String(id)}: ${result.error.message}`).toBe('');
    }
  });

  it('has at least 40 services and the six bundles', () => {
    expect(services.length).toBeGreaterThanOrEqual(40);
    expect(bundles.map((b) => b.name.zh).sort()).toEqual(
      [
        '新生儿出生一件事',
        '退休一件事',
        '开办企业一件事',
        '就业登记一件事',
        '公租房申请一件事',
        '不动产水电气联动过户',
      ].sort(),
    );
  });

  it('has unique ids', () => {
    expect(duplicates(items.map((i) => i.id))).toEqual([]);
  });

  it('bundles include only services of this file, and services include nothing', () => {
    const serviceIds = new Set(services.map((s) => s.id));
    for (const b of bundles) {
      expect(b.includes.length, b.id).toBeGreaterThanOrEqual(2);
      expect(
        b.includes.filter((id) => !serviceIds.has(id)),
        b.id,
      ).toEqual([]);
      expect(duplicates(b.includes), b.id).toEqual([]);
    }
    for (const s of services) expect(s.includes, s.id).toEqual([]);
  });

  it('a bundle that includes a network-only service needs the network itself', () => {
    const networkOnly = new Set(services.filter((s) => s.requiresNetwork).map((s) => s.id));
    for (const b of bundles) {
      if (b.includes.some((id) => networkOnly.has(id))) expect(b.requiresNetwork, b.id).toBe(true);
    }
  });

  it('form field keys are unique within each form, and material keys within each item', () => {
    for (const item of items) {
      expect(duplicates(item.form.map((f) => f.key)), item.id).toEqual([]);
      expect(duplicates(item.materials.map((m) => m.key)), item.id).toEqual([]);
    }
  });

  it('in a bundle, a field several services share means one thing, or the bundle declares it itself', () => {
    // The bundle's merged form asks a shared key once; two services using one key for different things
    // (one account number for water, power and gas; two 'purpose' selects with different options) would
    // put one answer where two were needed, or an answer one service cannot accept.
    const byId = new Map(items.map((i) => [i.id, i]));
    const problems: string[] = [];
    for (const bundle of items.filter((i) => i.kind === 'bundle')) {
      const own = new Set(bundle.form.map((f) => f.key));
      const seen = new Map<string, { service: string; definition: string }>();
      for (const serviceId of bundle.includes) {
        for (const field of byId.get(serviceId)?.form ?? []) {
          const definition = JSON.stringify({ type: field.type, label: field.label.zh, options: field.options ?? [] });
          const first = seen.get(field.key);
          if (!first) seen.set(field.key, { service: serviceId, definition });
          else if (first.definition !== definition && !own.has(field.key)) {
            problems.push(`${bundle.id}: '${field.key}' differs between ${first.service} and ${serviceId}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('select fields have distinct options, other fields have none', () => {
    for (const item of items) {
      for (const field of item.form) {
        const where = `${item.id}.${field.key}`;
        if (field.type === 'select') {
          expect(field.options?.length ?? 0, where).toBeGreaterThan(0);
          expect(duplicates(field.options!.map((o) => o.value)), where).toEqual([]);
        } else {
          expect(field.options, where).toBeUndefined();
        }
      }
    }
  });

  it('patterns compile and prefill sources match the field type', () => {
    const expectedType: Partial<Record<string, string>> = {
      'card.idNumber': 'idNumber',
      'card.birthDate': 'date',
    };
    for (const item of items) {
      for (const field of item.form) {
        const where = `${item.id}.${field.key}`;
        if (field.pattern !== undefined) expect(() => new RegExp(field.pattern!), where).not.toThrow();
        if (field.prefill && expectedType[field.prefill])
          expect(field.type, where).toBe(expectedType[field.prefill]);
      }
    }
  });

  it('names the card holder from the card wherever a form asks for the applicant', () => {
    for (const item of items) {
      const applicant = item.form.find((f) => f.key === 'applicantName');
      if (applicant) expect(applicant.prefill, item.id).toBe('card.name');
    }
  });

  it('identification: typing the ID number is allowed on some services and not others; a bundle allows no more than each service it includes', () => {
    const typed = items.filter((i) => i.identification.includes('typed'));
    expect(typed.length).toBeGreaterThanOrEqual(3);
    expect(typed.some((i) => !i.requiresNetwork)).toBe(true);
    expect(items.some((i) => !i.identification.includes('typed'))).toBe(true);
    expect(items.some((i) => !i.identification.includes('qr'))).toBe(true);
    // An item that says nothing gets the card and the identity QR, never typing.
    const silent = inputs.find((input) => !('identification' in (input as object))) as { id: string };
    expect(items.find((i) => i.id === silent.id)?.identification).toEqual(['card', 'qr']);
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const b of bundles) {
      for (const method of b.identification) {
        for (const id of b.includes) expect(byId.get(id)?.identification, `${b.id} allows ${method} but ${id} does not`).toContain(method);
      }
    }
  });

  it('一证通办: e-certificate sources fit their fields, and a service that fills from a certificate also names it as a material', () => {
    const fitting: Record<string, readonly string[]> = { uscc: ['uscc'], idNumber: ['spouseIdNumber'], date: ['registeredOn', 'establishedOn', 'issuedOn'] };
    let sources = 0;
    for (const item of items) {
      for (const field of item.form) {
        if (!field.eCertificate) continue;
        sources++;
        const expected = fitting[field.type];
        if (expected) expect(expected, `${item.id}.${field.key}`).toContain(field.eCertificate.field);
        else expect(field.type, `${item.id}.${field.key}`).toBe('text');
        expect(item.materials.map((m) => m.eCertificate), `${item.id}.${field.key}`).toContain(field.eCertificate.kind);
      }
    }
    expect(sources).toBeGreaterThanOrEqual(5);
    const kinds = new Set(items.flatMap((i) => i.materials.map((m) => m.eCertificate)).filter(Boolean));
    expect([...kinds].sort()).toEqual(['business_licence', 'hukou', 'marriage']);
  });

  it('has the features the terminal screens rely on', () => {
    expect(items.filter((i) => i.highFrequency).length).toBeGreaterThanOrEqual(10);
    expect(items.some((i) => i.requiresNetwork)).toBe(true);
    expect(items.some((i) => !i.requiresNetwork)).toBe(true);
    expect(items.some((i) => i.materials.some((m) => m.deferrable))).toBe(true);
    for (const item of items) {
      expect(item.keywords.length, item.id).toBeGreaterThan(0);
      expect(item.lifeEvents.length, item.id).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(item.updatedAt)), item.id).toBe(false);
    }
    // Synonyms people actually type.
    const social = items.find((i) => i.id === 'svc-social-security-card');
    expect(social?.keywords).toEqual(expect.arrayContaining(['社保卡', '社会保障卡']));
  });
});

describe('告知承诺 in the sample catalog', () => {
  const standard = (['commitment.clause1', 'commitment.clause2', 'commitment.clause3'] as const).map((key) => ({ zh: translate('zh-CN', key), en: translate('en', key) }));

  it('services with deferrable materials may declare their own clauses, in both languages, none repeated', () => {
    const declared = items.filter((i) => i.commitment);
    expect(declared.length).toBeGreaterThanOrEqual(5);
    for (const item of declared) {
      expect(item.materials.some((m) => m.deferrable), `${item.id}: a commitment is only shown when something is deferred`).toBe(true);
      for (const clause of item.commitment!) {
        expect(clause.zh, item.id).toMatch(/[\u4e00-\u9fff]/);
        expect(clause.en, item.id).toMatch(/^[A-Z].*[a-z.]$/);
      }
      expect(duplicates(item.commitment!.map((c) => c.zh)), item.id).toEqual([]);
    }
    // The rest fall back to the terminal's standard clauses.
    const plain = services.find((s) => !s.commitment && s.materials.some((m) => m.deferrable))!;
    expect(commitmentSections(plain, items, standard)).toEqual([{ serviceId: plain.id, service: null, clauses: standard }]);
  });

  it("a bundle shows each included service's commitment once, and a shared clause once in all", () => {
    const newborn = bundles.find((b) => b.id === 'bundle-newborn')!;
    const sections = commitmentSections(newborn, items, standard);
    const withOwn = newborn.includes.filter((id) => items.find((i) => i.id === id)?.commitment);
    expect(withOwn.length).toBeGreaterThanOrEqual(1);
    expect(sections.map((s) => s.service?.zh ?? null)).toEqual([null, ...withOwn.map((id) => items.find((i) => i.id === id)!.name.zh)]);
    const all = sections.flatMap((s) => s.clauses.map((c) => c.zh));
    expect(duplicates(all)).toEqual([]);
    // The legal-responsibility clause the services repeat from the standard text is shown once, in the first part.
    expect(all.filter((c) => c === standard[2]!.zh)).toHaveLength(1);
    for (const bundle of bundles) {
      const parts = commitmentSections(bundle, items, standard);
      expect(duplicates(parts.flatMap((s) => s.clauses.map((c) => c.zh))), bundle.id).toEqual([]);
      expect(parts.every((p) => p.clauses.length > 0), bundle.id).toBe(true);
    }
  });
});
