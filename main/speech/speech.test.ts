// The host's read-aloud on the real espeak-ng (Debian package espeak-ng). This machine has no sound
// device, so the service runs with the null sink: the speech is made as a WAV in memory and checked here.
import { describe, expect, it } from 'vitest';
import { MAX_SPEECH_CHARS } from '../api/speech.js';
import { createSpeechService, detectAudioOutput, speakableText } from './speech-service.js';
import type { WavInfo } from './wav.js';

const SHORT_ZH = '请将身份证放在读卡区。';
const LONG_ZH = '请将身份证放在读卡区。您申请的是社会保障卡补领，请核对您的联系电话和领卡方式，确认无误后提交。';

function capturing() {
  const wavs: { wav: Uint8Array; info: WavInfo }[] = [];
  const service = createSpeechService({ output: 'none', onWav: (wav, info) => wavs.push({ wav, info }) });
  return { service, wavs };
}

describe('speech service (real espeak-ng, null sink)', () => {
  it('speaks Chinese as a real WAV whose length grows with the text', async () => {
    const { service, wavs } = capturing();
    const short = await service.speak({ text: SHORT_ZH, lang: 'zh-CN' });
    const long = await service.speak({ text: LONG_ZH, lang: 'zh-CN' });
    expect(short.ok && long.ok).toBe(true);
    if (!short.ok || !long.ok) return;
    expect(short.value).toMatchObject({ output: 'none', interrupted: false });
    expect(wavs).toHaveLength(2);
    const [a, b] = wavs;
    // A RIFF/WAVE header with the true sizes patched in, 16-bit mono PCM at espeak-ng's 22050 Hz.
    expect(Buffer.from(a!.wav.subarray(0, 4)).toString('latin1')).toBe('RIFF');
    expect(Buffer.from(a!.wav.subarray(8, 12)).toString('latin1')).toBe('WAVE');
    expect(new DataView(a!.wav.buffer, a!.wav.byteOffset).getUint32(4, true)).toBe(a!.wav.length - 8);
    expect(a!.info).toMatchObject({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    // Eleven characters of Mandarin at the slow rate: a few seconds, not silence and not a minute.
    expect(short.value.durationMs).toBe(a!.info.durationMs);
    expect(a!.info.durationMs).toBeGreaterThan(1500);
    expect(a!.info.durationMs).toBeLessThan(15_000);
    expect(b!.info.durationMs).toBeGreaterThan(a!.info.durationMs * 2.5);
    // Not silence: some samples are loud.
    const samples = new Int16Array(a!.wav.buffer.slice(a!.wav.byteOffset + 44, a!.wav.byteOffset + a!.wav.length));
    expect(Math.max(...Array.from(samples, Math.abs))).toBeGreaterThan(3000);
  }, 30_000);

  it('speaks English with the English voice', async () => {
    const { service, wavs } = capturing();
    const spoken = await service.speak({ text: 'Please place your ID card on the reader.', lang: 'en' });
    expect(spoken.ok).toBe(true);
    expect(wavs[0]!.info.durationMs).toBeGreaterThan(1000);
  }, 30_000);

  it('a new utterance stops the one still being made', async () => {
    const { service, wavs } = capturing();
    const first = service.speak({ text: LONG_ZH.repeat(12), lang: 'zh-CN' });
    await new Promise((r) => setTimeout(r, 5));
    const second = service.speak({ text: SHORT_ZH, lang: 'zh-CN' });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual({ ok: true, value: { output: 'none', durationMs: null, interrupted: true } });
    expect(b.ok && b.value.interrupted).toBe(false);
    expect(wavs).toHaveLength(1); // only the second was heard
  }, 30_000);

  it('stop() cuts the current utterance short', async () => {
    const { service } = capturing();
    const speaking = service.speak({ text: LONG_ZH.repeat(12), lang: 'zh-CN' });
    await new Promise((r) => setTimeout(r, 5));
    service.stop();
    expect(await speaking).toMatchObject({ ok: true, value: { interrupted: true } });
    service.stop(); // nothing left: harmless
  }, 30_000);

  it('speaks at most MAX_SPEECH_CHARS characters, and nothing for blank text', async () => {
    const { service, wavs } = capturing();
    const huge = await service.speak({ text: '好'.repeat(MAX_SPEECH_CHARS * 3), lang: 'zh-CN' });
    const capped = await service.speak({ text: '好'.repeat(MAX_SPEECH_CHARS), lang: 'zh-CN' });
    expect(huge.ok && capped.ok).toBe(true);
    expect(wavs[0]!.info.durationMs).toBe(wavs[1]!.info.durationMs);
    expect(await service.speak({ text: ' \n\t ', lang: 'zh-CN' })).toEqual({ ok: true, value: { output: 'none', durationMs: 0, interrupted: false } });
    expect(wavs).toHaveLength(2);
  }, 120_000);

  it('says plainly when the engine is not installed', async () => {
    const service = createSpeechService({ output: 'none', command: '/nonexistent/espeak-ng' });
    const spoken = await service.speak({ text: SHORT_ZH, lang: 'zh-CN' });
    expect(spoken.ok).toBe(false);
    if (spoken.ok) return;
    expect(spoken.error.code).toBe('no_engine');
    expect(spoken.error.message.zh).toMatch(/无法朗读/);
    expect(spoken.error.detail).not.toContain(SHORT_ZH);
  });

  it('on a machine without a sound device, speaker output fails as no_audio and does not echo the text', async () => {
    if (detectAudioOutput({}) === 'speaker') return; // this machine has a sound card: nothing to prove here
    const service = createSpeechService({ output: 'speaker' });
    const spoken = await service.speak({ text: SHORT_ZH, lang: 'zh-CN' });
    expect(spoken).toMatchObject({ ok: false, error: { code: 'no_audio' } });
    if (!spoken.ok) expect(JSON.stringify(spoken.error)).not.toContain('身份证');
  }, 30_000);

  it('picks the output from the machine, and an operator can force it', () => {
    expect(detectAudioOutput({ YICHUANG_SPEECH_OUTPUT: 'none', PULSE_SERVER: 'unix:/x' })).toBe('none');
    expect(detectAudioOutput({ YICHUANG_SPEECH_OUTPUT: 'speaker' })).toBe('speaker');
    expect(detectAudioOutput({ PULSE_SERVER: 'unix:/run/pulse/native' })).toBe('speaker');
  });

  it('drops control characters the engine would read out', () => {
    expect(speakableText('办事\u0007指南\n\n第一步\t提交')).toBe('办事 指南 第一步 提交');
  });
});
