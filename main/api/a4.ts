// A4 documents the renderer can ask the host to print on the system printer (CUPS on Linux).
// Content only: layout, the embedded Chinese font and the print queue are the host's job.

export interface A4Field {
  readonly label: string;
  readonly value: string;
}

/** 申请表: the application as filled in, by section, with a signature line. */
export interface A4ApplicationForm {
  readonly kind: 'application_form';
  readonly applicationId: string;
  readonly applicationNumber: string;
  /** Service name, e.g. 居住证申领. */
  readonly title: string;
  readonly sections: readonly { readonly heading: string; readonly fields: readonly A4Field[] }[];
}

/** 受理回执 on A4: the receipt's content, with the progress QR code drawn as vector squares. */
export interface A4Receipt {
  readonly kind: 'receipt';
  readonly applicationId: string;
  readonly applicationNumber: string;
  readonly title: string;
  readonly lines: readonly A4Field[];
  readonly qrPayload: string;
  readonly footer: readonly string[];
}

/** 告知承诺书: the applicant's commitment under the notification-and-commitment system. */
export interface A4Commitment {
  readonly kind: 'commitment';
  readonly applicationId: string;
  readonly applicationNumber: string;
  /** Service name the commitment is for. */
  readonly title: string;
  readonly applicantName: string;
  /** Printed as given: mask it before sending if the document does not need it in full. */
  readonly applicantIdNumber: string;
  /** The clauses; the standard wording when absent (and `parts` too). */
  readonly clauses?: readonly string[];
  /**
   * The text as the person signed or confirmed it on screen (stored with the application): the main part's
   * clauses, then each included service's under its name. Printed instead of `clauses` when given.
   */
  readonly parts?: readonly A4CommitmentPart[];
  /** The materials the person undertook to hand in later, named as on screen. */
  readonly deferredMaterials?: readonly string[];
}

export interface A4CommitmentPart {
  /** An included service's name; null for the main part. */
  readonly heading: string | null;
  readonly clauses: readonly string[];
}

export type A4DocumentRequest = A4ApplicationForm | A4Receipt | A4Commitment;
export type A4DocumentKind = A4DocumentRequest['kind'];

export interface PrintedA4 {
  readonly applicationId: string;
  readonly kind: A4DocumentKind;
  /** CUPS job id, e.g. 'kiosk-a4-12'. */
  readonly jobId: string;
  readonly pages: number;
}

export type A4PrintFailureCode = 'no_printer' | 'cjk_font_missing' | 'print_failed' | 'timeout';
