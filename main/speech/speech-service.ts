// The host's offline read-aloud: one utterance at a time, a new one stops the one before (a person who
// moves on to the next screen does not want to hear the last one finish). Text is never logged, never
// written to disk, and only ever passed to espeak-ng on stdin.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';
import { MAX_SPEECH_CHARS, type SpeechFailureCode, type SpeechLanguage, type SpeechOutput, type SpokenText } from '../api/speech.js';
import { runEspeak, type EspeakRun } from './espeak.js';
import { patchStreamedWav, readWavInfo, type WavInfo } from './wav.js';

export interface SpeechService {
  speak(args: { readonly text: string; readonly lang: SpeechLanguage }): Promise<Result<SpokenText, UserFacingError<SpeechFailureCode>>>;
  /** Stops whatever is being said; harmless when nothing is. */
  stop(): void;
  readonly output: SpeechOutput;
}

export interface SpeechServiceOptions {
  /** Default: 'speaker' when the machine has a sound device (see detectAudioOutput), else 'none'. */
  readonly output?: SpeechOutput;
  /** The espeak-ng binary (tests point it elsewhere to prove the missing-engine path). */
  readonly command?: string;
  /** For 'none': hands over each synthesised WAV (tests check it is real audio). Never called with text. */
  readonly onWav?: (wav: Uint8Array, info: WavInfo) => void;
  /** Longest one utterance may take before it is stopped (default 10 minutes; espeak is far faster than that for MAX_SPEECH_CHARS). */
  readonly timeoutMs?: number;
}

/**
 * 'speaker' when there is somewhere to play: a PulseAudio or PipeWire socket, or an ALSA playback device.
 * YICHUANG_SPEECH_OUTPUT=speaker|none overrides (a kiosk whose sound server starts after the host).
 */
export function detectAudioOutput(env: NodeJS.ProcessEnv = process.env): SpeechOutput {
  const forced = env['YICHUANG_SPEECH_OUTPUT'];
  if (forced === 'speaker' || forced === 'none') return forced;
  if (env['PULSE_SERVER']) return 'speaker';
  const runtime = env['XDG_RUNTIME_DIR'];
  if (runtime && (existsSync(join(runtime, 'pulse', 'native')) || existsSync(join(runtime, 'pipewire-0')))) return 'speaker';
  try {
    if (readdirSync('/dev/snd').some((name) => /^pcmC\d+D\d+p$/.test(name))) return 'speaker';
  } catch {
    // no /dev/snd: no ALSA devices
  }
  return 'none';
}

const failure = (code: SpeechFailureCode, detail: string): UserFacingError<SpeechFailureCode> => ({
  code,
  message:
    code === 'no_engine' || code === 'no_audio'
      ? { zh: '此终端暂时无法朗读，请看屏幕上的文字或咨询工作人员。', en: 'This terminal cannot read aloud right now; please read the screen or ask a member of staff.' }
      : { zh: '朗读失败，请再试一次。', en: 'Reading aloud failed; please try again.' },
  detail,
});

/** Control characters out, whitespace collapsed: espeak would read some of them as words. */
export function speakableText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function createSpeechService(options: SpeechServiceOptions = {}): SpeechService {
  const output = options.output ?? detectAudioOutput();
  const timeoutMs = options.timeoutMs ?? 600_000;
  let current: { run: EspeakRun; interrupted: boolean } | null = null;

  const stop = (): void => {
    if (!current) return;
    current.interrupted = true;
    current.run.kill();
    current = null;
  };

  return {
    output,
    stop,
    async speak({ text, lang }) {
      stop();
      const clean = speakableText(text).slice(0, MAX_SPEECH_CHARS);
      if (clean === '') return ok({ output, durationMs: 0, interrupted: false });
      const run = runEspeak({ text: clean, lang, toStdout: output === 'none', ...(options.command ? { command: options.command } : {}) });
      const mine = { run, interrupted: false };
      current = mine;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        run.kill();
      }, timeoutMs);
      const result = await run.done.finally(() => clearTimeout(timer));
      if (current === mine) current = null;
      if (result.spawnError) {
        return err(failure(result.spawnError.code === 'ENOENT' ? 'no_engine' : 'failed', `espeak-ng could not start: ${result.spawnError.code ?? result.spawnError.message}`));
      }
      if (mine.interrupted) return ok({ output, durationMs: null, interrupted: true });
      if (timedOut) return err(failure('timeout', `espeak-ng still running after ${timeoutMs} ms`));
      if (result.code !== 0) return err(failure('failed', `espeak-ng exited with ${result.code}: ${firstLine(result.stderr)}`));
      if (output === 'speaker') {
        // espeak-ng exits 0 even when it found no sound device; it only says so on stderr.
        if (/^error:/im.test(result.stderr)) return err(failure('no_audio', `espeak-ng could not play: ${firstLine(result.stderr)}`));
        return ok({ output, durationMs: null, interrupted: false });
      }
      const wav = patchStreamedWav(new Uint8Array(result.stdout));
      const info = readWavInfo(wav);
      if (!info || info.dataBytes === 0) return err(failure('failed', `espeak-ng produced no audio (${wav.length} bytes)`));
      options.onWav?.(wav, info);
      return ok({ output, durationMs: info.durationMs, interrupted: false });
    },
  };
}

/** The engine's complaint for the log: one line, bounded; espeak-ng never repeats the spoken text there. */
function firstLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /^error/i.test(l)) ?? lines[0] ?? '').slice(0, 200);
}
