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
  return { ok: false, error: { kind: 'invalid', source, problems: toProblems(parsed.error, raw) } };
}

function toProblems(error: z.ZodError, raw: unknown): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    const path = issue.path.map(String);
    const field = path.join('.') || '(root)';
    switch (issue.code) {
      case 'unrecognized_keys':
        // One problem per unknown field, named by its full path, with the nearest known name as a hint.
        return issue.keys.map((key) => {
          const hint = nearestName(key, knownFields(path, raw));
          return {
            field: [...path, key].join('.'),
            message: `未知字段 / unknown field${hint ? ` (did you mean '${hint}'?)` : ''}`,
          };
        });
      case 'invalid_type': {
        const value = valueAt(raw, issue.path);
        if (value === undefined)
          return [{ field, message: `必填字段缺失 / required field is missing (${issue.expected})` }];
        return [{ field, message: `类型错误 / expected ${issue.expected}, got ${describeValue(value)}` }];
      }
      case 'invalid_value':
        return [{ field, message: oneOf(issue.values, valueAt(raw, issue.path)) }];
      case 'invalid_union':
        // A transport 'kind' that is none of the known ones.
        if ('options' in issue && Array.isArray(issue.options)) {
          return [{ field, message: oneOf(issue.options, valueAt(raw, issue.path)) }];
        }
        return [{ field, message: issue.message }];
      case 'too_small':
      case 'too_big': {
        const value = valueAt(raw, issue.path);
        const small = issue.code === 'too_small';
        const limit = String(small ? issue.minimum : issue.maximum);
        const bound = small
          ? `${issue.inclusive ? 'at least' : 'more than'} ${limit}`
          : `${issue.inclusive ? 'at most' : 'less than'} ${limit}`;
        if (typeof value === 'string') {
          // Never echo the string itself: it may be the terminal key.
          const what = small ? '太短 / too short' : '太长 / too long';
          return [{ field, message: `${what}: ${bound} characters, got ${value.length}` }];
        }
        return [{ field, message: `超出范围 / out of range: ${bound}, got ${describeValue(value)}` }];
      }
      case 'invalid_format':
        return [
          {
            field,
            message: `格式错误 / expected ${issue.message}, got ${describeValue(valueAt(raw, issue.path))}`,
          },
        ];
      default:
        return [{ field, message: issue.message }];
    }
  });
}

function oneOf(allowed: readonly unknown[], value: unknown): string {
  return `取值无效 / must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** The field names the schema allows at `path` (following the 'kind' of transports), for typo hints. */
function knownFields(path: readonly string[], raw: unknown): string[] {
  let schema: z.core.$ZodType | undefined = kioskConfigSchema;
  for (let i = 0; schema; i++) {
    while (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault)
      schema = schema.unwrap() as z.ZodType;
    if (schema instanceof z.ZodDiscriminatedUnion) {
      const kind = valueAt(raw, [...path.slice(0, i), 'kind']);
      const options = schema.options as readonly z.core.$ZodType[];
      schema = options.find((o) => o instanceof z.ZodObject && o.shape.kind?.safeParse(kind).success);
    }
    if (!(schema instanceof z.ZodObject)) return [];
    if (i === path.length) return Object.keys(schema.shape);
    schema = (schema.shape as Record<string, z.core.$ZodType | undefined>)[path[i]!];
  }
  return [];
}

/** The known name the person most likely meant, if any is close enough. */
function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const [a, b] = [name.toLowerCase(), c.toLowerCase()];
    // Same name in another case, a shortened name ('idleTimeout'), or a near miss ('baudrate').
    const d = a === b ? 0 : a.length >= 4 && (b.startsWith(a) || a.startsWith(b)) ? 1 : editDistance(a, b);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
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
    return { ok: false, error: { kind: 'unreadable', path, detail: describeReadError(e) } };
  }
  // Editors on Windows may save a byte-order mark; it is not a reason to refuse the file.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: { kind: 'not_json', path, detail: describeJsonError(e, text) } };
  }
  return validateKioskConfig(overrides === undefined ? raw : mergeConfig(raw, overrides), path);
}

function describeReadError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return '文件不存在 / no such file';
  if (code === 'EACCES') return '没有读取权限 / permission denied';
  if (code === 'EISDIR') return '这是一个目录 / is a directory, not a file';
  return (e as Error).message;
}

/** JSON.parse names a character offset; people need a line and a column. */
function describeJsonError(e: unknown, text: string): string {
  const message = (e as Error).message;
  const at = /at position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
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
