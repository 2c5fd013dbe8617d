// Known failures are values, not exceptions thrown across layers (ARCHITECTURE rule 6).
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** Text a person may see: Simplified Chinese first, English second. */
export interface BilingualText {
  readonly zh: string;
  readonly en: string;
}

/** A failure a person may see: a stable code for logs and tests, and words for people. */
export interface UserFacingError<Code extends string = string> {
  readonly code: Code;
  readonly message: BilingualText;
  /** Precise detail for logs; never contains personal data. */
  readonly detail?: string;
}
