// 电子证照 (e-certificates) for 一证通办: with the person's ID number, an online terminal asks the platform
// for the person's electronic certificates and fills form fields and satisfies materials from them. The
// reference platform simulates the certificate library with synthetic people (sync/server/e-certificates).
// Online only: a terminal that cannot reach the platform asks nothing and says so.
import { z } from 'zod';
import { validateResidentIdNumber } from './id-numbers.js';

export const E_CERTIFICATE_PATHS = {
  /** POST { idNumber } (signed): the person's certificates. POST so the number never sits in a URL or access log. */
  lookup: '/v1/terminal/e-certificates',
} as const;

export const eCertificateKindSchema = z.enum(['hukou', 'marriage', 'business_licence']);
export type ECertificateKind = z.infer<typeof eCertificateKindSchema>;

/** The fields each kind of certificate carries (what a form field may be prefilled from). */
export const E_CERTIFICATE_FIELDS = {
  /** 居民户口簿 */
  hukou: ['householdHead', 'relationToHead', 'address', 'hukouType'],
  /** 结婚证 */
  marriage: ['spouseName', 'spouseIdNumber', 'registeredOn', 'registrationOffice'],
  /** 营业执照 */
  business_licence: ['enterpriseName', 'uscc', 'legalRepresentative', 'address', 'establishedOn'],
} as const satisfies Record<ECertificateKind, readonly string[]>;

/** A form field's e-certificate prefill source: which certificate and which of its fields. */
export const eCertificateSourceSchema = z
  .object({ kind: eCertificateKindSchema, field: z.string().min(1).max(40) })
  .strict()
  .refine((s) => (E_CERTIFICATE_FIELDS[s.kind] as readonly string[]).includes(s.field), {
    message: 'not a field of this kind of e-certificate',
    path: ['field'],
  });
export type ECertificateSource = z.infer<typeof eCertificateSourceSchema>;

const text = z.string().max(200);

export const eCertificateSchema = z
  .object({
    kind: eCertificateKindSchema,
    /** The certificate's own number (证照编号). */
    number: z.string().min(1).max(64),
    /** 发证机关 */
    issuer: text,
    issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    holderName: z.string().min(1).max(64),
    fields: z.record(z.string().max(40), text),
  })
  .strict();
export type ECertificate = z.infer<typeof eCertificateSchema>;

export const eCertificateLookupBodySchema = z
  .object({
    idNumber: z.string().refine((v) => validateResidentIdNumber(v).ok, { message: 'not a valid resident ID number (GB 11643)' }),
  })
  .strict();
export type ECertificateLookupBody = z.infer<typeof eCertificateLookupBodySchema>;

export const eCertificateLookupResponseSchema = z.object({ certificates: z.array(eCertificateSchema).max(20) }).strict();
export type ECertificateLookupResponse = z.infer<typeof eCertificateLookupResponseSchema>;
