// Read-aloud engines. Chromium's Web Speech API first; it needs an installed voice for the language,
// which kiosks often lack: then the engine says so and the screen shows a quiet note instead of failing.
// A host-side offline engine (espeak-ng behind the TerminalApi) plugs in with setFallbackSpeechEngine
// without touching any screen.

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
