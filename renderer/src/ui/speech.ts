// Read-aloud engines. Chromium's Web Speech API first; it needs an installed voice for the language,
// which kiosks often lack (Debian's Chromium has none). Then the host's offline engine (espeak-ng behind
// the TerminalApi, hostSpeechEngine) speaks, plugged in with setFallbackSpeechEngine without touching any
// screen. Only when neither can speak does the screen show a quiet note instead of failing.
import { MAX_SPEECH_CHARS, type SpeechLanguage, type TerminalApi } from '../../../main/api/index.js';

export type SpeakOutcome = 'speaking' | 'no-voice' | 'unsupported';

export interface SpeechEngine {
  /** Starts speaking (stopping anything still being said). */
  speak(text: string, lang: string): SpeakOutcome;
  cancel(): void;
}

/** Voices whose language matches the wanted one: zh-CN also accepts zh / cmn voices. */
export function voiceFor(voices: readonly Pick<SpeechSynthesisVoice, 'lang'>[], lang: string): number {
  const wanted = lang.toLowerCase();
  const base = wanted.split('-')[0]!;
  const exact = voices.findIndex((v) => v.lang.toLowerCase().replace('_', '-') === wanted);
  if (exact >= 0) return exact;
  return voices.findIndex((v) => {
    const l = v.lang.toLowerCase();
    return l.startsWith(base) || (base === 'zh' && l.startsWith('cmn'));
  });
}

export function webSpeechEngine(synth: SpeechSynthesis | undefined = globalThis.speechSynthesis): SpeechEngine {
  return {
    speak(text, lang) {
      if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return 'unsupported';
      const voices = synth.getVoices();
      const index = voiceFor(voices, lang);
      if (index < 0) return 'no-voice';
      synth.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voices[index]!;
      utterance.lang = voices[index]!.lang;
      // Slower than the default: the people who switch this on are often elderly.
      utterance.rate = 0.85;
      synth.speak(utterance);
      return 'speaking';
    },
    cancel() {
      synth?.cancel();
    },
  };
}

/**
 * The host's espeak-ng. Its answer comes when the speech has ended, so speak() says 'speaking' at once and
 * a failure (no engine, no sound device) arrives later through onLateSpeechOutcome — unless a newer
 * utterance has already replaced this one. The text is cut to the host's limit, at a sentence end if one is near.
 */
export function hostSpeechEngine(api: Pick<TerminalApi, 'speakText' | 'stopSpeaking'>): SpeechEngine {
  let generation = 0;
  const failed = (mine: number) => {
    if (mine === generation) reportLate('no-voice');
  };
  return {
    speak(text, lang) {
      const mine = ++generation;
      const language: SpeechLanguage = lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
      api.speakText({ text: clipForSpeech(text), lang: language }).then(
        (spoken) => {
          if (!spoken.ok) failed(mine);
        },
        () => failed(mine),
      );
      return 'speaking';
    },
    cancel() {
      generation++;
      api.stopSpeaking().catch(() => undefined);
    },
  };
}

/** At most MAX_SPEECH_CHARS, ending at the last full stop in the final fifth when there is one. */
export function clipForSpeech(text: string): string {
  if (text.length <= MAX_SPEECH_CHARS) return text;
  const head = text.slice(0, MAX_SPEECH_CHARS);
  const stop = Math.max(head.lastIndexOf('。'), head.lastIndexOf('. '), head.lastIndexOf('！'), head.lastIndexOf('？'));
  return stop >= MAX_SPEECH_CHARS * 0.8 ? head.slice(0, stop + 1) : head;
}

const lateListeners = new Set<(outcome: SpeakOutcome) => void>();
function reportLate(outcome: SpeakOutcome): void {
  for (const l of lateListeners) l(outcome);
}

/** Told when an engine that said 'speaking' learns later that it could not speak after all. */
export function onLateSpeechOutcome(listener: (outcome: SpeakOutcome) => void): () => void {
  lateListeners.add(listener);
  return () => lateListeners.delete(listener);
}

let fallback: SpeechEngine | null = null;

/** The hook for a host-side engine (espeak-ng): tried when the browser has no voice. */
export function setFallbackSpeechEngine(engine: SpeechEngine | null): void {
  fallback = engine;
}

/** Web Speech first, then the fallback engine if one is set. */
export function speakText(text: string, lang: string, primary: SpeechEngine = webSpeechEngine()): SpeakOutcome {
  const outcome = primary.speak(text, lang);
  if (outcome === 'speaking' || !fallback) return outcome;
  return fallback.speak(text, lang);
}

export function stopSpeaking(primary: SpeechEngine = webSpeechEngine()): void {
  primary.cancel();
  fallback?.cancel();
}
