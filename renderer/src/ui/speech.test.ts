// Which engine speaks: Web Speech when Chromium has a voice, else the host's espeak-ng (a fake api here;
// the real one is proven in main/speech and e2e/read-aloud.spec.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_SPEECH_CHARS } from '../../../main/api/speech.js';
import { clipForSpeech, hostSpeechEngine, onLateSpeechOutcome, setFallbackSpeechEngine, speakText, type SpeechEngine, type SpeakOutcome } from './speech.js';

const noVoice: SpeechEngine = { speak: () => 'no-voice', cancel: () => undefined };
const withVoice: SpeechEngine = { speak: () => 'speaking', cancel: () => undefined };

function fakeHost(answer: 'ok' | 'fail' | 'throw') {
  const calls: { text: string; lang: string }[] = [];
  const api = {
    speakText: vi.fn(async (args: { text: string; lang: 'zh-CN' | 'en' }) => {
      calls.push(args);
      if (answer === 'throw') throw new Error('host gone');
      return answer === 'ok'
        ? { ok: true as const, value: { output: 'none' as const, durationMs: 1200, interrupted: false } }
        : { ok: false as const, error: { code: 'no_engine' as const, message: { zh: '无法朗读', en: 'cannot read aloud' } } };
    }),
    stopSpeaking: vi.fn(async () => null),
  };
  return { api, calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => setFallbackSpeechEngine(null));

describe('read-aloud engines', () => {
  it('uses the host when Chromium has no voice, with the language it understands', () => {
    const { api, calls } = fakeHost('ok');
    setFallbackSpeechEngine(hostSpeechEngine(api));
    expect(speakText('请插入身份证', 'zh-CN', noVoice)).toBe('speaking');
    expect(speakText('Insert your card', 'en', noVoice)).toBe('speaking');
    expect(calls).toEqual([
      { text: '请插入身份证', lang: 'zh-CN' },
      { text: 'Insert your card', lang: 'en' },
    ]);
  });

  it('leaves the host alone when Chromium can speak', () => {
    const { api } = fakeHost('ok');
    setFallbackSpeechEngine(hostSpeechEngine(api));
    expect(speakText('请插入身份证', 'zh-CN', withVoice)).toBe('speaking');
    expect(api.speakText).not.toHaveBeenCalled();
  });

  it('without any engine the outcome says there is no voice', () => {
    expect(speakText('请插入身份证', 'zh-CN', noVoice)).toBe('no-voice');
  });

  it('a failure the host reports later turns into the no-voice note; a superseded one does not', async () => {
    const late: SpeakOutcome[] = [];
    const off = onLateSpeechOutcome((o) => late.push(o));
    for (const answer of ['fail', 'throw'] as const) {
      late.length = 0;
      const engine = hostSpeechEngine(fakeHost(answer).api);
      engine.speak('第一屏', 'zh-CN');
      await settle();
      expect(late).toEqual(['no-voice']);
      engine.speak('第二屏', 'zh-CN');
      engine.speak('第三屏', 'zh-CN'); // the second's failure arrives after the third started: only the third's counts
      await settle();
      expect(late).toEqual(['no-voice', 'no-voice']);
      engine.speak('第四屏', 'zh-CN');
      engine.cancel(); // stopped on purpose: its answer is not news
      await settle();
      expect(late).toEqual(['no-voice', 'no-voice']);
    }
    off();
  });

  it('stopping reaches the host', () => {
    const { api } = fakeHost('ok');
    hostSpeechEngine(api).cancel();
    expect(api.stopSpeaking).toHaveBeenCalledOnce();
  });

  it('cuts long text to the host limit, at a sentence end when one is near', () => {
    const sentence = '这是一句话。';
    const long = sentence.repeat(Math.ceil((MAX_SPEECH_CHARS * 2) / sentence.length));
    const clipped = clipForSpeech(long);
    expect(clipped.length).toBeLessThanOrEqual(MAX_SPEECH_CHARS);
    expect(clipped.length).toBeGreaterThan(MAX_SPEECH_CHARS - sentence.length);
    expect(clipped.endsWith('。')).toBe(true);
    expect(clipForSpeech('好'.repeat(MAX_SPEECH_CHARS + 10))).toHaveLength(MAX_SPEECH_CHARS);
    expect(clipForSpeech('短')).toBe('短');
  });
});
