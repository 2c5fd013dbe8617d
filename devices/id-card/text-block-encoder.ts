// Builds the 256-byte text block for a synthetic identity: the inverse of text-block.ts, used by the
// simulator and by tests. Fields are UCS-2LE, space-padded, at the offsets of their card type.
import { TEXT_LENGTH } from './codec.js';
import type { SyntheticIdentity } from './synthetic-identities.js';
import { FOREIGNER_2023_LAYOUT, FOREIGNER_OLD_LAYOUT, RESIDENT_LAYOUT, TYPE_FLAG_FIELD, type Field } from './text-block.js';

export function writeField(block: Uint8Array, [offset, length]: Field, value: string): void {
  const chars = length / 2;
  if (value.length > chars) throw new RangeError(`field at offset ${offset} holds ${chars} characters, got ${value.length}`);
  const padded = value.padEnd(chars, ' ');
  for (let i = 0; i < chars; i++) {
    const unit = padded.charCodeAt(i);
    block[offset + 2 * i] = unit & 0xff;
    block[offset + 2 * i + 1] = unit >> 8;
  }
}

export function encodeTextBlock(identity: SyntheticIdentity): Uint8Array {
  const block = new Uint8Array(TEXT_LENGTH);
  writeField(block, [0, TEXT_LENGTH], '');
  switch (identity.layout) {
    case 'resident':
    case 'hmt': {
      const f = identity.fields;
      const L = RESIDENT_LAYOUT;
      writeField(block, L.name, f.name);
      writeField(block, L.gender, f.gender);
      if (identity.layout === 'resident') writeField(block, L.nation, identity.fields.nation);
      writeField(block, L.birth, f.birth);
      writeField(block, L.address, f.address);
      writeField(block, L.idNumber, f.idNumber);
      writeField(block, L.issuer, f.issuer);
      writeField(block, L.validFrom, f.validFrom);
      writeField(block, L.validUntil, f.validUntil);
      if (identity.layout === 'hmt') {
        writeField(block, L.permitNumber, identity.fields.permitNumber);
        writeField(block, L.issueCount, identity.fields.issueCount);
        writeField(block, TYPE_FLAG_FIELD, 'J');
      }
      break;
    }
    case 'foreigner-old': {
      const f = identity.fields;
      const L = FOREIGNER_OLD_LAYOUT;
      writeField(block, L.englishName, f.englishName);
      writeField(block, L.gender, f.gender);
      writeField(block, L.idNumber, f.idNumber);
      writeField(block, L.nationality, f.nationality);
      writeField(block, L.name, f.name);
      writeField(block, L.validFrom, f.validFrom);
      writeField(block, L.validUntil, f.validUntil);
      writeField(block, L.birth, f.birth);
      writeField(block, L.cardVersion, f.cardVersion);
      writeField(block, L.authorityCode, f.authorityCode);
      writeField(block, TYPE_FLAG_FIELD, 'I');
      break;
    }
    case 'foreigner-2023': {
      const f = identity.fields;
      const L = FOREIGNER_2023_LAYOUT;
      const firstPart = L.englishName[1] / 2;
      writeField(block, L.name, f.name);
      writeField(block, L.gender, f.gender);
      writeField(block, L.renewalCount, f.renewalCount);
      writeField(block, L.birth, f.birth);
      writeField(block, L.englishName, f.englishName.slice(0, firstPart));
      writeField(block, L.englishNameContinued, f.englishName.slice(firstPart));
      writeField(block, L.idNumber, f.idNumber);
      writeField(block, L.validFrom, f.validFrom);
      writeField(block, L.validUntil, f.validUntil);
      writeField(block, L.nationality, f.nationality);
      writeField(block, TYPE_FLAG_FIELD, 'Y');
      break;
    }
  }
  return block;
}
