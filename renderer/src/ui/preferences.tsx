// Per-session preferences: elder mode (长辈版) and read-aloud. They belong to the person at the terminal,
// so the shell resets them when a session ends, like the language.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onLateSpeechOutcome, speakText, stopSpeaking, type SpeakOutcome } from './speech.js';

export interface UiPreferences {
  /** Larger text, fewer choices per screen, slower idle timeout, each screen read aloud. */
  readonly elderMode: boolean;
  setElderMode(on: boolean): void;
  /** Speaks a text aloud; the outcome also shows in `speech` (a note when no voice is installed). */
  readAloud(text: string, lang: string): SpeakOutcome;
  /** The last read-aloud's outcome; null before any. */
  readonly speech: SpeakOutcome | null;
  /** Back to defaults at the end of a session; stops speaking. */
  reset(): void;
}

const noop: UiPreferences = {
  elderMode: false,
  setElderMode: () => undefined,
  readAloud: () => 'unsupported',
  speech: null,
  reset: () => undefined,
};

const PreferencesContext = createContext<UiPreferences>(noop);

/** `value` fixes the preferences (server-rendered tests); without it they are live state. */
export function PreferencesProvider({ children, value }: { children: ReactNode; value?: UiPreferences }) {
  const [elderMode, setElderMode] = useState(false);
  const [speech, setSpeech] = useState<SpeakOutcome | null>(null);
  const readAloud = useCallback((text: string, lang: string) => {
    const outcome = speakText(text, lang);
    setSpeech(outcome);
    return outcome;
  }, []);
  const reset = useCallback(() => {
    setElderMode(false);
    setSpeech(null);
    stopSpeaking();
  }, []);
  // The host's engine answers after the fact: a failure then shows the same note as a missing voice.
  useEffect(() => onLateSpeechOutcome(setSpeech), []);
  useEffect(() => {
    // On the root element: rem-based sizes then scale with it.
    if (elderMode) document.documentElement.setAttribute('data-elder-mode', '');
    else document.documentElement.removeAttribute('data-elder-mode');
  }, [elderMode]);
  const live = useMemo<UiPreferences>(() => ({ elderMode, setElderMode, readAloud, speech, reset }), [elderMode, readAloud, speech, reset]);
  return <PreferencesContext.Provider value={value ?? live}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): UiPreferences {
  return useContext(PreferencesContext);
}
