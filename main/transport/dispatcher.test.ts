import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../sync/protocol/result.js';
import type { TerminalApi } from '../api/terminal-api.js';
import { HostRefusal } from '../host/errors.js';
import { createDispatcher, NO_REQUEST_ID } from './dispatcher.js';

const receipt = {
  applicationId: 'app-1',
  title: '居住证申领回执',
  applicationNumber: 'SQ20261122000001',
  lines: [{ label: '事项', value: '居住证申领' }],
  qrPayload: 'https://example.gov.cn/q/SQ20261122000001',
  footer: ['请妥善保管'],
};

function fakeApi(overrides: Partial<TerminalApi> = {}): TerminalApi {
  const notUsed = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    getTerminalInfo: notUsed,
    getDeviceStatuses: async () => [],
    getDeviceHealth: notUsed,
    simSetDeviceConnected: notUsed,
    printReceipt: vi.fn(async (r) =>
      ok({ applicationId: r.applicationId, jobId: r.applicationId, reprint: false }),
    ),
    signPlatformRequest: notUsed,
    simListIdentities: notUsed,
    simPlaceCard: vi.fn(async () => ok(null)),
    simRemoveCard: notUsed,
    simPrintedReceipts: notUsed,
    simSetPrinterPaper: notUsed,
    simScan: notUsed,
    printA4Document: notUsed,
    captureDocument: notUsed,
    ocrDocument: notUsed,
    simPlaceDocument: notUsed,
    reportUvcCamera: notUsed,
    verifyIdentityQr: notUsed,
    speakText: notUsed,
    stopSpeaking: notUsed,
    putAttachment: notUsed,
    uploadAttachments: notUsed,
    releaseAttachments: notUsed,
    reportAttachmentReferences: notUsed,
    recordApplicationEvent: notUsed,
    enrollTerminal: notUsed,
    lookupECertificates: notUsed,
    queryProgress: notUsed,
    ...overrides,
  };
}

describe('dispatcher', () => {
  it('calls the method with checked params and wraps the result', async () => {
    const api = fakeApi();
    const dispatch = createDispatcher(api);
    const res = await dispatch({ id: 7, method: 'printReceipt', params: [receipt] });
    expect(res).toEqual({
      id: 7,
      ok: true,
      result: { ok: true, value: { applicationId: 'app-1', jobId: 'app-1', reprint: false } },
    });
    expect(api.printReceipt).toHaveBeenCalledWith(receipt);
  });

  it('answers an unknown method with a fault, including prototype names', async () => {
    const dispatch = createDispatcher(fakeApi());
    for (const method of ['formatDisk', 'constructor', '__proto__', 'toString']) {
      const res = await dispatch({ id: 1, method, params: [] });
      expect(res).toMatchObject({ id: 1, ok: false });
      expect(res.ok ? '' : res.fault).toMatch(/^unknown method/);
    }
  });

  it('refuses bad params with a fault naming the field, without calling the host', async () => {
    const api = fakeApi();
    const dispatch = createDispatcher(api);
    const bad = await dispatch({
      id: 2,
      method: 'printReceipt',
      params: [{ ...receipt, lines: [{ label: '事项', value: 42 }] }],
    });
    expect(bad).toMatchObject({ id: 2, ok: false });
    expect(bad.ok ? '' : bad.fault).toContain('0.lines.0.value');
    const extra = await dispatch({ id: 3, method: 'printReceipt', params: [{ ...receipt, injected: true }] });
    expect(extra.ok).toBe(false);
    const missing = await dispatch({ id: 4, method: 'printReceipt', params: [] });
    expect(missing.ok).toBe(false);
    const tooMany = await dispatch({ id: 5, method: 'getDeviceStatuses', params: [1] });
    expect(tooMany.ok).toBe(false);
    const negative = await dispatch({ id: 6, method: 'simPlaceCard', params: [{ index: -1 }] });
    expect(negative.ok).toBe(false);
    expect(api.printReceipt).not.toHaveBeenCalled();
    expect(api.simPlaceCard).not.toHaveBeenCalled();
  });

  it('application audit events carry ids and codes only: free text (a name, a reason) is refused', async () => {
    const recordApplicationEvent = vi.fn(async () => null);
    const dispatch = createDispatcher(fakeApi({ recordApplicationEvent }));
    const good = await dispatch({ id: 1, method: 'recordApplicationEvent', params: [{ event: 'held', applicationId: 'a1b2-c3', status: 413, code: 'attachment_too_large' }] });
    expect(good).toMatchObject({ ok: true });
    const named = await dispatch({ id: 2, method: 'recordApplicationEvent', params: [{ event: 'handed_over', applicationId: 'a1', code: '张三 110101195003151235' }] });
    expect(named.ok ? '' : named.fault).toContain('code');
    const extra = await dispatch({ id: 3, method: 'recordApplicationEvent', params: [{ event: 'resent', applicationId: 'a1', outcome: 'sent', reason: 'x' }] });
    expect(extra.ok).toBe(false);
    expect(recordApplicationEvent).toHaveBeenCalledTimes(1);
    const refs = await dispatch({ id: 4, method: 'reportAttachmentReferences', params: [{ referenced: ['not-a-hash'] }] });
    expect(refs.ok).toBe(false);
  });

  it('answers malformed envelopes with a fault and the id when there is one', async () => {
    const dispatch = createDispatcher(fakeApi());
    expect(await dispatch(null)).toMatchObject({ id: NO_REQUEST_ID, ok: false });
    expect(await dispatch('hello')).toMatchObject({ id: NO_REQUEST_ID, ok: false });
    expect(await dispatch({ id: 9, method: 'getDeviceStatuses' })).toMatchObject({ id: 9, ok: false });
    expect(await dispatch({ id: 'x', method: 'getDeviceStatuses', params: [] })).toMatchObject({
      id: NO_REQUEST_ID,
      ok: false,
    });
  });

  it('turns a refusal into a readable fault and hides other errors', async () => {
    const onHostFault = vi.fn();
    const dispatch = createDispatcher(
      fakeApi({
        simListIdentities: async () => {
          throw new HostRefusal('not_simulated', 'the ID card reader is not simulated');
        },
        getTerminalInfo: async () => {
          throw new Error('secret internals at /etc/x');
        },
      }),
      { onHostFault },
    );
    const refused = await dispatch({ id: 1, method: 'simListIdentities', params: [] });
    expect(refused).toEqual({
      id: 1,
      ok: false,
      fault: 'refused (not_simulated): the ID card reader is not simulated',
    });
    const broken = await dispatch({ id: 2, method: 'getTerminalInfo', params: [] });
    expect(broken).toEqual({ id: 2, ok: false, fault: 'host fault in getTerminalInfo' });
    expect(onHostFault).toHaveBeenCalledOnce();
  });
});
