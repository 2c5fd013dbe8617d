// Which form fields an OCR-read field may be offered for (pure). Only check-digit-verified fields come
// from the host; still, nothing is filled until the person taps "fill".
import type { DocumentField } from '../../../main/api/devices.js';
import type { FormField } from '../../../sync/protocol/catalog.js';

export function fillTargets(read: DocumentField, fields: readonly FormField[]): FormField[] {
  switch (read.kind) {
    case 'resident_id':
      return fields.filter((f) => f.type === 'idNumber');
    case 'uscc':
      return fields.filter((f) => f.type === 'uscc');
    // No catalog field type holds a passport or permit number yet: shown, not offered.
    case 'passport_mrz':
    case 'exit_entry_permit_mrz':
      return [];
  }
}

/** One "fill this field with what was read" offer; `key` is its keypad digit (3–9, in order), null past 9. */
export interface FillOffer {
  readonly read: DocumentField;
  readonly field: FormField;
  readonly key: string | null;
}

/** The fill offers of a capture in screen order, numbered for the keypad after 1 (capture) and 2 (defer). */
export function fillOffers(reads: readonly DocumentField[] | null, fields: readonly FormField[]): FillOffer[] {
  const pairs = (reads ?? []).flatMap((read) => fillTargets(read, fields).map((field) => ({ read, field })));
  return pairs.map((p, i) => ({ ...p, key: i < 7 ? String(3 + i) : null }));
}
