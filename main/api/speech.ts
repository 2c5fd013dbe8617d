// Host-side offline read-aloud (espeak-ng): what the renderer may ask and what comes back.
// The renderer uses it only when Chromium has no Web Speech voice for the language.

export type SpeechLanguage = 'zh-CN' | 'en';

/** Longest text one call may speak: about three minutes of Chinese at the slow elder-friendly rate. */
export const MAX_SPEECH_CHARS = 1500;

/**
 * Where the host's audio went. 'speaker': espeak-ng played it on the terminal's sound device (PulseAudio or
 * ALSA). 'none': the terminal has no sound device (a test machine, a headless server): the speech was made
 * in memory as a WAV and dropped (a null sink) — the caller learns how long it would have played.
 */
export type SpeechOutput = 'speaker' | 'none';

export interface SpokenText {
  readonly output: SpeechOutput;
  /** Length of the audio (ms): exact for 'none'; null for 'speaker' (the sound device plays it). */
  readonly durationMs: number | null;
  /** A newer speak or stopSpeaking cut this one short. */
  readonly interrupted: boolean;
}

/**
 * no_engine: espeak-ng is not installed; no_audio: the sound device refused to play; failed: the engine
 * stopped with an error or produced no audio; timeout: it took far longer than the text could need.
 */
export type SpeechFailureCode = 'no_engine' | 'no_audio' | 'failed' | 'timeout';
