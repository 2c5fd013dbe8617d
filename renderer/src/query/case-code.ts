// The receipt's progress-query QR code: `yichuang://case/<applicationNumber>`. Everything a scanner sends
// is untrusted text (a phone screen, a sticker, a hostile code): it is matched against this one strict
// shape and otherwise refused — never rendered as HTML, never echoed back on screen.

/** YC-<terminalId>-<YYYYMMDD>-<seq>, as data/submit.ts formats it (terminal ids: letters, digits, '-' and '_'). */
const CASE_CODE = /^yichuang:\/\/case\/(YC-[A-Za-z0-9_-]{1,64}-\d{8}-\d{4,6})$/;

/** The schema's limit for applicationNumber. */
const MAX_NUMBER_LENGTH = 40;

export type CaseCodeProblem = 'not-ours' | 'malformed';

/** The application number in a scanned receipt QR, or why the text is not one. */
export function parseCaseCode(text: string): { ok: true; number: string } | { ok: false; problem: CaseCodeProblem } {
  // Scanners often end a line with CR/LF; nothing else is forgiven.
  const trimmed = text.replace(/[\r\n]+$/, '');
  if (!trimmed.startsWith('yichuang://case/')) return { ok: false, problem: 'not-ours' };
  const match = CASE_CODE.exec(trimmed);
  if (!match || match[1]!.length > MAX_NUMBER_LENGTH) return { ok: false, problem: 'malformed' };
  return { ok: true, number: match[1]! };
}

export function caseCodeFor(applicationNumber: string): string {
  return `yichuang://case/${applicationNumber}`;
}
