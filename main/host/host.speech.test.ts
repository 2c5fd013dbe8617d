// Read-aloud through the host's TerminalApi and the dispatcher both transports use, on the real espeak-ng
// (null sink: this machine has no sound device). The text reaches espeak-ng and nothing else: not the
// audit log, not the console, not a file in the data folder.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import { MAX_SPEECH_CHARS } from '../api/speech.js';
import { createSpeechService } from '../speech/speech-service.js';
import { createDispatcher } from '../transport/dispatcher.js';
import { createTerminalHost, type TerminalHost } from './host.js';
import type { PlatformIdentity } from './platform-identity.js';
import { fakeRig } from './test-fakes.js';

const notEnrolled: PlatformIdentity = {
  enrolled: false,
  start: () => undefined,
  stop: () => undefined,
  whenEnrolled: () => new Promise(() => undefined),
  sign: async () => ({ ok: false, error: { code: 'not_enrolled', message: { zh: '未登记', en: 'not enrolled' } } }),
  enrollWithCode: async () => ({ ok: false, error: { code: 'platform_unreachable', message: { zh: '无法连接', en: 'unreachable' } } }),
};

let dataDir: string | undefined;
let host: TerminalHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

async function boot(speech = createSpeechService({ output: 'none' })): Promise<TerminalHost> {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-host-speech-'));
  const loaded = validateKioskConfig(JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  host = createTerminalHost({ config: loaded.value, dataDir, version: '9.9.9', factories: fakeRig().factories, platformIdentity: notEnrolled, speech });
  await host.start();
  return host;
}

function everythingWritten(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(readFileSync(join(d, e.name), 'latin1') + readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(dir);
  return out.join('\n');
}

it('speaks through the dispatcher; the text leaves no trace in logs or files', async () => {
  const logged: string[] = [];
  for (const level of ['log', 'info', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
  const h = await boot();
  const dispatch = createDispatcher(h.api);
  const text = '申请人测试张三，身份证号码11010119900307803X，请确认。';
  const res = await dispatch({ id: 1, method: 'speakText', params: [{ text, lang: 'zh-CN' }] });
  expect(res).toMatchObject({ id: 1, ok: true, result: { ok: true, value: { output: 'none', interrupted: false } } });
  const duration = res.ok ? (res.result as { value: { durationMs: number } }).value.durationMs : 0;
  expect(duration).toBeGreaterThan(3000);
  expect(await dispatch({ id: 2, method: 'stopSpeaking', params: [] })).toEqual({ id: 2, ok: true, result: null });
  await h.stop();
  const written = everythingWritten(dataDir!);
  for (const secret of ['测试张三', '11010119900307803X']) {
    expect(written).not.toContain(secret);
    expect(logged.join('\n')).not.toContain(secret);
  }
}, 30_000);

it('refuses text over the limit and a language it has no voice for, at the edge', async () => {
  const dispatch = createDispatcher((await boot()).api);
  const long = await dispatch({ id: 1, method: 'speakText', params: [{ text: '好'.repeat(MAX_SPEECH_CHARS + 1), lang: 'zh-CN' }] });
  expect(long).toMatchObject({ ok: false, fault: expect.stringMatching(/bad params for speakText/) });
  const lang = await dispatch({ id: 2, method: 'speakText', params: [{ text: 'bonjour', lang: 'fr' }] });
  expect(lang).toMatchObject({ ok: false, fault: expect.stringMatching(/bad params for speakText/) });
});

it('a missing engine is a plain failure, logged by code without the text', async () => {
  const logged: string[] = [];
  vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
  const h = await boot(createSpeechService({ output: 'none', command: '/nonexistent/espeak-ng' }));
  const spoken = await h.api.speakText({ text: '测试张三', lang: 'zh-CN' });
  expect(spoken).toMatchObject({ ok: false, error: { code: 'no_engine', message: { zh: expect.stringMatching(/无法朗读/) } } });
  expect(logged.join('\n')).toMatch(/read-aloud failed \(no_engine\)/);
  expect(logged.join('\n')).not.toContain('测试张三');
});
