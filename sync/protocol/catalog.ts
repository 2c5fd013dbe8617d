// Service catalog (事项) as the platform publishes it and terminals pull it.
// Forms are declared here (fields, types, validation, prefill sources), never hand-coded per service.
import { z } from 'zod';
import { bilingualTextSchema } from './bilingual.js';
import { eCertificateKindSchema, eCertificateSourceSchema } from './e-certificates.js';

/** 2: `identification` and `commitment` (RxDB catalog schema version 1, migrated in rxdb-schemas.ts). */
export const CATALOG_SCHEMA_VERSION = 2;

/** Where a field's value may come from before the person types anything. */
export const prefillSourceSchema = z.enum([
  'card.name',
  'card.idNumber',
  'card.gender',
  'card.birthDate',
  'card.address',
  'card.nation',
]);
export type PrefillSource = z.infer<typeof prefillSourceSchema>;

export const formFieldTypeSchema = z.enum(['text', 'idNumber', 'phone', 'date', 'select', 'number', 'textarea', 'uscc']);
export type FormFieldType = z.infer<typeof formFieldTypeSchema>;

export const formFieldSchema = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
  label: bilingualTextSchema,
  type: formFieldTypeSchema,
  required: z.boolean().default(true),
  prefill: prefillSourceSchema.optional(),
  /** For 'select'. */
  options: z.array(z.object({ value: z.string(), label: bilingualTextSchema })).optional(),
  maxLength: z.number().int().positive().max(2000).optional(),
  pattern: z.string().optional(),
  help: bilingualTextSchema.optional(),
  /** 一证通办: online, filled from this field of the person's e-certificate of this kind (if they have one). */
  eCertificate: eCertificateSourceSchema.optional(),
});
export type FormField = z.infer<typeof formFieldSchema>;

export const materialSchema = z.object({
  key: z.string(),
  name: bilingualTextSchema,
  required: z.boolean().default(true),
  /** May be deferred (容缺) under the signed commitment. */
  deferrable: z.boolean().default(false),
  /** 一证通办: online, satisfied by the person's e-certificate of this kind (nothing to capture). */
  eCertificate: eCertificateKindSchema.optional(),
});
export type Material = z.infer<typeof materialSchema>;

export const cardTypeSchema = z.enum(['resident', 'foreign_permanent', 'hmt_residence']);
export type CardType = z.infer<typeof cardTypeSchema>;

/**
 * How a person may identify for a service: the ID card on the reader, a verified identity QR from the
 * citizen's app (扫码亮证), or the ID number typed on the keypad. Typing is the weakest (nothing proves the
 * person holds the number), so a service allows it only when its catalog entry says so.
 */
export const identificationMethodSchema = z.enum(['card', 'qr', 'typed']);
export type IdentificationMethod = z.infer<typeof identificationMethodSchema>;
export const DEFAULT_IDENTIFICATION: readonly IdentificationMethod[] = ['card', 'qr'];

export const catalogItemSchema = z.object({
  /** Stable id, e.g. 'svc-social-security-card'. */
  id: z.string().min(1).max(100),
  kind: z.enum(['service', 'bundle']).default('service'),
  /** Government implementation code (实施编码) where known. */
  code: z.string().default(''),
  name: bilingualTextSchema,
  department: bilingualTextSchema,
  lifeEvents: z.array(z.string()).default([]),
  keywords: z.array(z.string()).default([]),
  highFrequency: z.boolean().default(false),
  /** Cannot be taken while the terminal is offline. */
  requiresNetwork: z.boolean().default(false),
  acceptsCardTypes: z.array(cardTypeSchema).default(['resident']),
  /** Ways to identify for this service; typing the ID number only where listed (default card and QR). */
  identification: z.array(identificationMethodSchema).min(1).default([...DEFAULT_IDENTIFICATION]),
  /** For bundles (一件事): the services it contains. */
  includes: z.array(z.string()).default([]),
  form: z.array(formFieldSchema).default([]),
  materials: z.array(materialSchema).default([]),
  /**
   * This service's 告知承诺 clauses, shown (and read aloud) when a material is deferred. Absent: the terminal's
   * standard clauses (information true; hand in within the time; legal responsibility). A bundle's own clauses
   * replace the standard ones for it; each included service that declares clauses adds them once.
   */
  commitment: z.array(bilingualTextSchema).min(1).max(20).optional(),
  sortOrder: z.number().int().default(0),
  updatedAt: z.string(),
  _deleted: z.boolean().default(false),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;
export type CatalogItemInput = z.input<typeof catalogItemSchema>;
