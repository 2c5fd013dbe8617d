// Loads and validates a kiosk configuration. A bad config is refused with a message naming the field.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { kioskConfigSchema, type KioskConfig } from './schema.js';

export type ConfigError =
  | { readonly kind: 'unreadable'; readonly path: string; readonly detail: string }
  | { readonly kind: 'not_json'; readonly path: string; readonly detail: string }
  | { readonly kind: 'invalid'; readonly source: string; readonly problems: readonly ConfigProblem[] };

export interface ConfigProblem {
  /** Dotted path of the field, e.g. 'devices.idCard.transport.baudRate'. */
  readonly field: string;
  readonly message: string;
}

export type ConfigResult = { ok: true; value: KioskConfig } | { ok: false; error: ConfigError };

export const PROFILE_NAMES = ['service-hall-kiosk', 'bank-teller-machine', 'counter-window'] as const;
export type ProfileFile = (typeof PROFILE_NAMES)[number];

const here = dirname(fileURLToPath(import.meta.url));
export const profilePath = (name: ProfileFile): string => join(here, 'profiles', `${name}.json`);
export const sampleCatalogPath = (): string => join(here, 'catalog', 'sample-catalog.json');

export function validateKioskConfig(raw: unknown, source = '<object>'): ConfigResult {
  const parsed = kioskConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: { kind: 'invalid', source, problems: toProblems(parsed.error) } };
}

function toProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      return { field, message: `unknown field(s): ${issue.keys.join(', ')}` };
    }
    return { field, message: issue.message };
  });
}

/** Deep-merges overrides (e.g. from flags or environment) over a base object. Arrays are replaced. */
export function mergeConfig(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = mergeConfig(base[k], v);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function loadKioskConfigFile(path: string, overrides?: unknown): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, error: { kind: 'unreadable', path, detail: (e as Error).message } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: { kind: 'not_json', path, detail: (e as Error).message } };
  }
  return validateKioskConfig(overrides === undefined ? raw : mergeConfig(raw, overrides), path);
}

/** One line per problem, for the console and logs. */
export function formatConfigError(error: ConfigError): string {
  switch (error.kind) {
    case 'unreadable':
      return `配置文件无法读取 / cannot read config file ${error.path}: ${error.detail}`;
    case 'not_json':
      return `配置文件不是有效的 JSON / config file ${error.path} is not valid JSON: ${error.detail}`;
    case 'invalid':
      return [
        `配置无效 / invalid configuration in ${error.source}:`,
        ...error.problems.map((p) => `  - ${p.field}: ${p.message}`),
      ].join('\n');
  }
}
