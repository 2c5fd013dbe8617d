// Every 4xx/5xx leaves the platform as a PlatformErrorBody. Known failures are thrown as PlatformError
// inside a route and turned into that body by the app's error handler.
import type { z } from 'zod';
import type { PlatformErrorBody } from '../protocol/index.js';

export class PlatformError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }

  toBody(): PlatformErrorBody {
    return this.field === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, field: this.field };
  }
}

/** Dotted path of a zod issue, e.g. 'applicant.idNumber'; '' for the root. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}

/**
 * 400 for the first problem zod found. The message comes from the schema, never the value,
 * so no personal data ends up in responses or logs.
 */
export function invalid(error: z.ZodError, fieldPrefix = '', context = '', code = 'invalid_request'): PlatformError {
  const issue = error.issues[0];
  const path = issue ? issuePath(issue) : '';
  const field = [fieldPrefix, path].filter((p) => p !== '').join('.');
  const what = issue?.message ?? 'invalid';
  return new PlatformError(400, code, `${context}${field || '(root)'}: ${what}`, field);
}

/** Parses a request part or throws the 400 naming the field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, fieldPrefix = ''): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(r.error, fieldPrefix);
  return r.data;
}
