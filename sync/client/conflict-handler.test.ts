import { describe, expect, it } from 'vitest';
import type { ApplicationDoc } from '../protocol/application.js';
import { applicationConflictHandler } from './conflict-handler.js';

const terminalDoc: ApplicationDoc = {
  id: '0b8f1c2e-1111-4222-8333-444455556666',
  applicationNumber: 'YC-T-20261122-0001',
  terminalId: 'T-HALL-0001',
  serviceId: 'svc-a',
  applicant: { name: '测试', idNumber: 'X', cardType: 'resident' },
  formData: { phone: '13900000000' },
  submittedAt: '2026-11-22T02:00:00.000Z',
  takenOffline: true,
  status: 'queued',
  statusNote: '',
  statusUpdatedAt: '',
  schemaVersion: 1,
  attachments: [],
  _deleted: false,
};
const master: ApplicationDoc = {
  ...terminalDoc,
  formData: { phone: '13800000000' },
  status: 'correction_needed',
  statusNote: '请补充',
  statusUpdatedAt: '2026-11-22T03:00:00.000Z',
};

describe('application conflict handler', () => {
  it('keeps the terminal content and takes the platform status fields', async () => {
    const resolved = await applicationConflictHandler.resolve({ newDocumentState: terminalDoc, realMasterState: master }, 'test');
    expect(resolved).toEqual({ ...terminalDoc, status: 'correction_needed', statusNote: '请补充', statusUpdatedAt: master.statusUpdatedAt });
  });

  it('compares documents by their fields, not key order or RxDB metadata', () => {
    const reordered = Object.fromEntries(Object.entries(terminalDoc).reverse()) as ApplicationDoc;
    expect(applicationConflictHandler.isEqual(terminalDoc, { ...reordered, _meta: { lwt: 1 } } as ApplicationDoc, 'test')).toBe(true);
    expect(applicationConflictHandler.isEqual(terminalDoc, master, 'test')).toBe(false);
  });
});
