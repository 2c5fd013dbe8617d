// espeak-ng as a child process. The text goes in on stdin (never on the command line, where `ps` would
// show it to every user of the machine); nothing it says is logged.
import { spawn, type ChildProcess } from 'node:child_process';
import type { SpeechLanguage } from '../api/speech.js';

/** espeak-ng voices: Mandarin (its `cmn` voice reads Latin letters as English) and English. */
export const VOICES: Readonly<Record<SpeechLanguage, string>> = { 'zh-CN': 'cmn', en: 'en-gb' };

/** Words per minute: below espeak-ng's 175, for the elderly people who switch read-aloud on. */
export const ELDER_FRIENDLY_RATE = 140;

export interface EspeakRun {
  /** Ends with the process: its stdout (the WAV when synthesising), stderr, exit code; `spawnError` if it never started. */
  readonly done: Promise<{ stdout: Buffer; stderr: string; code: number | null; spawnError?: NodeJS.ErrnoException }>;
  kill(): void;
}

/**
 * Runs espeak-ng once. `toStdout`: write a WAV to stdout instead of playing it on the default sound device
 * (espeak-ng plays through PulseAudio or ALSA itself via libpcaudio).
 */
export function runEspeak(opts: { text: string; lang: SpeechLanguage; toStdout: boolean; command?: string }): EspeakRun {
  const args = ['--stdin', '-b', '1', '-v', VOICES[opts.lang], '-s', String(ELDER_FRIENDLY_RATE)];
  if (opts.toStdout) args.push('--stdout');
  let child: ChildProcess;
  const stdout: Buffer[] = [];
  let stderr = '';
  const done = new Promise<{ stdout: Buffer; stderr: string; code: number | null; spawnError?: NodeJS.ErrnoException }>((resolve) => {
    child = spawn(opts.command ?? 'espeak-ng', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => stdout.push(d));
    // Only the engine's own complaints (e.g. ALSA finding no card); bounded.
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString('utf8');
    });
    child.once('error', (e: NodeJS.ErrnoException) => resolve({ stdout: Buffer.alloc(0), stderr, code: null, spawnError: e }));
    child.once('close', (code) => resolve({ stdout: Buffer.concat(stdout), stderr, code }));
    // A killed process closes stdin early: that EPIPE is expected, not a fault.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(opts.text, 'utf8');
  });
  return {
    done,
    kill: () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
