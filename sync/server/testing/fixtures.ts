// Valid documents for tests. The people in them are made up; ID numbers carry a correct check digit.
import { randomUUID } from 'node:crypto';
import { residentIdCheckChar, type ApplicationDoc, type CatalogItemInput } from '../../protocol/index.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0001';

export function residentId(first17 = '11010519491231002'): string {
  return first17 + residentIdCheckChar(first17);
}

let counter = 0;

export function makeApplication(terminalId: string, overrides: Partial<ApplicationDoc> = {}): ApplicationDoc {
  counter++;
  return {
    id: randomUUID(),
    applicationNumber: `YC-${terminalId}-20261122-${String(counter).padStart(4, '0')}`,
    terminalId,
    serviceId: 'svc-residence-permit',
    applicant: { name: '测试', idNumber: residentId(), cardType: 'resident' },
    formData: { phone: '13800000000', currentAddress: '测试路1号' },
    submittedAt: '2026-11-22T02:00:00.000Z',
    takenOffline: true,
    status: 'queued',
    statusNote: '',
    statusUpdatedAt: '',
    schemaVersion: 1,
    attachments: [],
    _deleted: false,
    ...overrides,
  };
}

export function makeCatalogItem(id: string, overrides: Partial<CatalogItemInput> = {}): CatalogItemInput {
  return {
    id,
    name: { zh: `事项 ${id}`, en: `Service ${id}` },
    department: { zh: '测试局', en: 'Test Bureau' },
    updatedAt: '2026-11-22T00:00:00.000Z',
    ...overrides,
  };
}
