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
