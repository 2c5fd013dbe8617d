import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatConfigError,
  loadKioskConfigFile,
  mergeConfig,
  PROFILE_NAMES,
  profilePath,
  validateKioskConfig,
  type ConfigResult,
} from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'yichuang-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readProfile = (): Record<string, unknown> =>
  JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The problems of a refused config, as `field: message` lines. */
function problems(result: ConfigResult): string[] {
  expect(result.ok).toBe(false);
  if (result.ok || result.error.kind !== 'invalid')
    throw new Error(`expected an invalid config, got ${JSON.stringify(result)}`);
  return result.error.problems.map((p) => `${p.field}: ${p.message}`);
}

describe('profiles', () => {
  it.each(PROFILE_NAMES)('%s loads and validates', (name) => {
    const result = loadKioskConfigFile(profilePath(name));
    if (!result.ok) throw new Error(formatConfigError(result.error));
    expect(result.value.terminal.profile).toBe(name.replaceAll('-', '_'));
    expect(result.value.devices.idCard?.transport.kind).toBe('simulated');
  });

  it('fills defaults the file leaves out', () => {
    const config = readProfile();
    delete (config.devices as Record<string, Record<string, unknown>>).idCard!.pollIntervalMs;
    delete config.input;
    const result = validateKioskConfig(config);
    if (!result.ok) throw new Error(formatConfigError(result.error));
    expect(result.value.devices.idCard?.pollIntervalMs).toBe(300);
    expect(result.value.devices.idCard?.enabled).toBe(true);
    expect(result.value.input).toBe('touch');
  });

  it('the bank teller machine takes the commitment by key; a misspelt way of signing is refused', () => {
    const teller = loadKioskConfigFile(profilePath('bank-teller-machine'));
    if (!teller.ok) throw new Error(formatConfigError(teller.error));
    expect(teller.value.signature).toBe('keypad-confirm');
    expect(problems(validateKioskConfig({ ...readProfile(), signature: 'typed' })).join('\n')).toMatch(/^signature: /m);
  });
});

describe('a wrong field is refused with its path and the reason', () => {
  it('a baud rate that is not a number', () => {
    const config = readProfile();
    (config.devices as Record<string, unknown>).idCard = {
      transport: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 'fast' },
    };
    expect(problems(validateKioskConfig(config))).toEqual([
      'devices.idCard.transport.baudRate: 类型错误 / expected number, got string "fast"',
    ]);
  });

  it('unknown fields at any depth, with a hint for a misspelling', () => {
    const config = readProfile();
    config.extra = true;
    (config.session as Record<string, unknown>).idleTimeout = 60;
    (config.devices as Record<string, unknown>).idCard = {
      transport: { kind: 'serial', path: '/dev/ttyUSB0', baudrate: 9600 },
    };
    expect(problems(validateKioskConfig(config)).sort()).toEqual([
      "devices.idCard.transport.baudrate: 未知字段 / unknown field (did you mean 'baudRate'?)",
      'extra: 未知字段 / unknown field',
      "session.idleTimeout: 未知字段 / unknown field (did you mean 'idleTimeoutSeconds'?)",
    ]);
  });

  it('a missing platform URL', () => {
    const config = readProfile();
    delete (config.platform as Record<string, unknown>).url;
    expect(problems(validateKioskConfig(config))).toEqual([
      'platform.url: 必填字段缺失 / required field is missing (string)',
    ]);
  });

  it('a platform URL that is not http(s)', () => {
    const config = readProfile();
    (config.platform as Record<string, unknown>).url = 'ftp://platform.example';
    expect(problems(validateKioskConfig(config))).toEqual([
      'platform.url: 格式错误 / expected an http:// or https:// URL, got string "ftp://platform.example"',
    ]);
  });

  it('a short key, without echoing the key', () => {
    const config = readProfile();
    (config.platform as Record<string, unknown>).key = 'secret';
    const lines = problems(validateKioskConfig(config));
    expect(lines).toEqual(['platform.key: 太短 / too short: at least 16 characters, got 6']);
    expect(lines.join()).not.toContain('secret');
  });

  it('values outside the allowed set or range', () => {
    const config = readProfile();
    (config.terminal as Record<string, unknown>).profile = 'atm';
    (config.session as Record<string, unknown>).idleTimeoutSeconds = 5;
    (config.devices as Record<string, unknown>).receiptPrinter = {
      transport: { kind: 'usb' },
      paperWidthMm: 70,
    };
    expect(problems(validateKioskConfig(config))).toEqual([
      'terminal.profile: 取值无效 / must be one of "service_hall_kiosk", "bank_teller_machine", "counter_window", got string "atm"',
      'session.idleTimeoutSeconds: 超出范围 / out of range: at least 15, got number 5',
      'devices.receiptPrinter.transport.kind: 取值无效 / must be one of "serial", "tcp", "simulated", got string "usb"',
      'devices.receiptPrinter.paperWidthMm: 取值无效 / must be one of 58, 80, got number 70',
    ]);
  });

  it('a config that is not an object', () => {
    expect(problems(validateKioskConfig([]))).toEqual(['(root): 类型错误 / expected object, got a list']);
  });

  it('formats every problem on its own line, naming the source', () => {
    const config = readProfile();
    (config.platform as Record<string, unknown>).key = 'short';
    delete (config.platform as Record<string, unknown>).url;
    const result = loadKioskConfigFile(write('two-problems.json', JSON.stringify(config)));
    if (result.ok) throw new Error('expected a refusal');
    expect(formatConfigError(result.error).split('\n')).toEqual([
      `配置无效 / invalid configuration in ${join(dir, 'two-problems.json')}:`,
      '  - platform.url: 必填字段缺失 / required field is missing (string)',
      '  - platform.key: 太短 / too short: at least 16 characters, got 5',
    ]);
  });
});

describe('files', () => {
  it('bad JSON names the line and column', () => {
    const path = write('trailing-comma.json', '{\n  "terminal": {\n    "id": "x",\n  }\n}\n');
    const result = loadKioskConfigFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('not_json');
    const text = formatConfigError(result.error);
    expect(text).toContain(`配置文件不是有效的 JSON / config file ${path} is not valid JSON`);
    expect(text).toContain('(line 4, column 3)');
  });

  it('an empty file is not JSON', () => {
    const result = loadKioskConfigFile(write('empty.json', ''));
    expect(result.ok || result.error.kind).toBe('not_json');
  });

  it('a byte-order mark is accepted', () => {
    const text = readFileSync(profilePath('counter-window'), 'utf8');
    expect(loadKioskConfigFile(write('bom.json', `\uFEFF${text}`)).ok).toBe(true);
  });

  it('a missing file says so', () => {
    const path = join(dir, 'no-such-profile.json');
    const result = loadKioskConfigFile(path);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.kind).toBe('unreadable');
    expect(formatConfigError(result.error)).toBe(
      `配置文件无法读取 / cannot read config file ${path}: 文件不存在 / no such file`,
    );
  });

  it('a directory is not a config file', () => {
    const result = loadKioskConfigFile(dir);
    if (result.ok) throw new Error('expected a refusal');
    expect(formatConfigError(result.error)).toContain('is a directory');
  });
});

describe('overrides', () => {
  it('merge over the file before validation', () => {
    const result = loadKioskConfigFile(profilePath('bank-teller-machine'), {
      platform: { url: 'http://127.0.0.1:9999' },
      devices: { idCard: { transport: { kind: 'serial', path: '/dev/ttyUSB0' } } },
    });
    if (!result.ok) throw new Error(formatConfigError(result.error));
    expect(result.value.platform.url).toBe('http://127.0.0.1:9999');
    expect(result.value.platform.enrollmentCode).toBe('dev-enrollment-code-0001');
    expect(result.value.devices.idCard?.transport).toEqual({
      kind: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 115200,
    });
  });

  it('a bad override is refused like a bad file', () => {
    const result = loadKioskConfigFile(profilePath('bank-teller-machine'), {
      session: { idleTimeoutSeconds: 'soon' },
    });
    expect(problems(result)).toEqual([
      'session.idleTimeoutSeconds: 类型错误 / expected number, got string "soon"',
    ]);
  });

  it('mergeConfig replaces arrays and scalars, keeps what is not overridden', () => {
    expect(mergeConfig({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] } })).toEqual({
      a: { b: 1, c: [3] },
      d: 1,
    });
    expect(mergeConfig({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});
