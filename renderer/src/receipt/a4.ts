// The A4 application form (申请表) for printA4Document, and when to offer it (pure). The a4-printer has to
// report 'ready'; every profile ships with it disabled, so the button appears only where one is configured.
// ID numbers and names are masked as on the review page: the sheet leaves the terminal with the person.
import type { A4ApplicationForm, A4Commitment, A4Receipt } from '../../../main/api/a4.js';
import type { ReceiptDocument } from '../../../main/api/receipt.js';
import type { DeviceStatusReport } from '../../../main/api/devices.js';
import type { CardIdentity } from '../../../main/api/devices.js';
import type { SignedCommitment } from '../../../sync/protocol/application.js';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { maskIdNumber, maskName } from '../../../sync/protocol/id-numbers.js';
import { displayValue, type FormValues } from '../form/engine.js';
import type { Locale } from '../i18n/translate.js';
import { pickText, translate } from '../i18n/translate.js';
import { decisionMessage, hasCommitment, materialDecision, needsSignature } from '../materials/extras.js';

export function a4PrinterReady(devices: readonly DeviceStatusReport[]): boolean {
  return devices.some((d) => d.deviceClass === 'a4-printer' && d.status.kind === 'ready');
}

export function buildA4ApplicationForm(input: {
  applicationId: string;
  applicationNumber: string;
  service: CatalogItem;
  card: Pick<CardIdentity, 'name' | 'idNumber'>;
  values: FormValues;
  locale: Locale;
}): A4ApplicationForm {
  const { service, card, values, locale } = input;
  const label = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const answer = (field: CatalogItem['form'][number]): string => {
    const value = (values[field.key] ?? '').trim();
    if (field.type === 'select') {
      const option = field.options?.find((o) => o.value === value);
      if (option) return pickText(locale, option.label);
    }
    return displayValue(field, value);
  };
  return {
    kind: 'application_form',
    applicationId: input.applicationId,
    applicationNumber: input.applicationNumber,
    title: pickText(locale, service.name),
    sections: [
      {
        heading: label('review.applicant'),
        fields: [
          { label: label('review.applicant'), value: maskName(card.name) },
          { label: label('review.idNumber'), value: maskIdNumber(card.idNumber) },
        ],
      },
      {
        heading: label('form.title'),
        fields: service.form.filter((f) => (values[f.key] ?? '').trim() !== '').map((f) => ({ label: pickText(locale, f.label), value: answer(f) })),
      },
      {
        heading: label('form.materials'),
        fields: service.materials.map((m) => {
          const decision = materialDecision(values, m.key);
          const key = decisionMessage(decision);
          return { label: pickText(locale, m.name), value: label(key) };
        }),
      },
    ],
  };
}

/** 受理回执 on A4: the same content as the paper-roll receipt (masked), under the service's name. */
export function buildA4Receipt(input: { receipt: ReceiptDocument; service: Pick<CatalogItem, 'name'>; locale: Locale }): A4Receipt {
  const { receipt } = input;
  return {
    kind: 'receipt',
    applicationId: receipt.applicationId,
    applicationNumber: receipt.applicationNumber,
    title: pickText(input.locale, input.service.name),
    lines: receipt.lines,
    qrPayload: receipt.qrPayload,
    footer: receipt.footer,
  };
}

/** True when the application carries a 告知承诺 (a deferred material, signed or confirmed by key): as submitted. */
export function madeCommitment(service: CatalogItem, values: FormValues): boolean {
  return needsSignature(service, values) && hasCommitment(values);
}

/**
 * 告知承诺书 on A4, in the text the person signed or confirmed on screen (stored with the application as
 * `commitment`), in their language; the standard wording only for an application that carries none. The
 * name is printed in full (it is their own undertaking, to sign); the ID number masked, as on every sheet
 * that leaves the terminal.
 */
export function buildA4Commitment(input: {
  applicationId: string;
  applicationNumber: string;
  service: Pick<CatalogItem, 'name'>;
  card: Pick<CardIdentity, 'name' | 'idNumber'>;
  commitment?: SignedCommitment;
  locale: Locale;
}): A4Commitment {
  const { commitment, locale } = input;
  return {
    kind: 'commitment',
    applicationId: input.applicationId,
    applicationNumber: input.applicationNumber,
    title: pickText(locale, input.service.name),
    applicantName: input.card.name,
    applicantIdNumber: maskIdNumber(input.card.idNumber),
    ...(commitment
      ? {
          parts: commitment.parts.map((p) => ({ heading: p.service ? pickText(locale, p.service) : null, clauses: p.clauses.map((c) => pickText(locale, c)) })),
          deferredMaterials: commitment.deferredMaterials.map((m) => pickText(locale, m.name)),
        }
      : {}),
  };
}
