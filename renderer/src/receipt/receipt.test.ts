import { describe, expect, it } from 'vitest';
import { sampleCard, sampleService, SAMPLE_ID } from '../test-support/fixtures.js';
import { buildReceipt, caseQrPayload } from './receipt.js';

const base = {
  applicationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  applicationNumber: 'YC-T0001-20261122-0001',
  submittedAt: new Date(2026, 10, 22, 10, 5).toISOString(),
  takenOffline: true,
  service: sampleService,
  card: sampleCard,
  terminalName: { zh: '朝阳区政务服务中心 1 号机', en: 'Chaoyang Service Centre, terminal 1' },
};

describe('receipt', () => {
  it('carries the number, the case QR link and masked personal data only', () => {
    const receipt = buildReceipt({ ...base, locale: 'zh-CN' });
    expect(receipt.applicationNumber).toBe('YC-T0001-20261122-0001');
    expect(receipt.qrPayload).toBe('yichuang://case/YC-T0001-20261122-0001');
    const text = JSON.stringify(receipt);
    expect(text).not.toContain(sampleCard.name);
    expect(text).not.toContain(SAMPLE_ID);
    expect(text).toContain('张**');
    expect(receipt.lines.find((l) => l.label === '提交时间')?.value).toBe('2026-11-22 10:05');
    expect(receipt.lines.find((l) => l.label === '状态')?.value).toBe('已受理登记，等待发送');
  });

  it('adds English beside the Chinese when the person used English', () => {
    const receipt = buildReceipt({ ...base, locale: 'en' });
    expect(receipt.title).toContain('Application receipt');
    expect(receipt.lines[0]).toEqual({ label: '办理事项 Service', value: '社会保障卡补领 Replace social security card' });
  });

  it('builds the case link', () => {
    expect(caseQrPayload('YC-A-20260101-0001')).toBe('yichuang://case/YC-A-20260101-0001');
  });
});
