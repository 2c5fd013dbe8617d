// What goes on the printed receipt. Content only; the host lays it out. Personal data is masked.
import type { CardIdentity } from '../../../main/api/devices.js';
import type { ReceiptDocument } from '../../../main/api/receipt.js';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { maskIdNumber, maskName } from '../../../sync/protocol/id-numbers.js';
import type { BilingualText } from '../../../sync/protocol/result.js';
import { translate, type Locale, type MessageKey } from '../i18n/translate.js';

export const CASE_URL_PREFIX = 'yichuang://case/';

export function caseQrPayload(applicationNumber: string): string {
  return `${CASE_URL_PREFIX}${encodeURIComponent(applicationNumber)}`;
}

/** Local "YYYY-MM-DD HH:mm": the time as the person saw it on the terminal's clock. */
export function formatLocalDateTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface ReceiptInput {
  readonly applicationId: string;
  readonly applicationNumber: string;
  readonly submittedAt: string;
  readonly takenOffline: boolean;
  readonly service: Pick<CatalogItem, 'name' | 'department'>;
  readonly card: Pick<CardIdentity, 'name' | 'idNumber'>;
  readonly terminalName: BilingualText;
  /** Chinese always; English beside it when the person used English. */
  readonly locale: Locale;
}

export function buildReceipt(input: ReceiptInput): ReceiptDocument {
  const both = input.locale === 'en';
  const label = (key: MessageKey) => (both ? `${translate('zh-CN', key)} ${translate('en', key)}` : translate('zh-CN', key));
  const text = (t: BilingualText) => (both ? `${t.zh} ${t.en}` : t.zh);
  const status: MessageKey = input.takenOffline ? 'receipt.statusQueued' : 'receipt.statusSent';
  return {
    applicationId: input.applicationId,
    title: both ? `${translate('zh-CN', 'receipt.title')} / ${translate('en', 'receipt.title')}` : translate('zh-CN', 'receipt.title'),
    applicationNumber: input.applicationNumber,
    lines: [
      { label: label('receipt.service'), value: text(input.service.name) },
      { label: label('receipt.department'), value: text(input.service.department) },
      { label: label('receipt.applicant'), value: maskName(input.card.name) },
      { label: label('receipt.idNumber'), value: maskIdNumber(input.card.idNumber) },
      { label: label('receipt.submittedAt'), value: formatLocalDateTime(input.submittedAt) },
      { label: label('receipt.status'), value: both ? `${translate('zh-CN', status)} ${translate('en', status)}` : translate('zh-CN', status) },
      { label: label('receipt.terminal'), value: text(input.terminalName) },
    ],
    qrPayload: caseQrPayload(input.applicationNumber),
    // The host prints its own caption under the QR code; the footer only adds what it does not say.
    footer: both ? [translate('zh-CN', 'receipt.footerKeep'), translate('en', 'receipt.footerKeep')] : [translate('zh-CN', 'receipt.footerKeep')],
  };
}
