// Hooks for accessibility features that come later (issue 5: elder mode, read-aloud, search).
// Screens already call these, so adding the features does not mean touching every screen.
import { createContext, useContext, type ReactNode } from 'react';

export interface UiPreferences {
  /** Larger text and simpler layout. Not built yet: always false. */
  readonly elderMode: boolean;
  /** Speaks a text aloud (TTS through the host later). No-op for now. */
  readAloud(text: string): void;
}

const defaults: UiPreferences = { elderMode: false, readAloud: () => undefined };

const PreferencesContext = createContext<UiPreferences>(defaults);

export function PreferencesProvider({ children, value = defaults }: { children: ReactNode; value?: UiPreferences }) {
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): UiPreferences {
  return useContext(PreferencesContext);
}
