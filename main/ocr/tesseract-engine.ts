// Offline OCR with tesseract.js: one long-lived worker, created on first use, reading language data
// ONLY from the installed @tesseract.js-data packages. Nothing is fetched: in Node, tesseract.js reads a
// langPath that is a file path from disk (it only fetches when langPath is a URL or left unset, in which
// case it would use the jsdelivr CDN), the worker script and the wasm core come from node_modules. We
// refuse to start if the data files are missing rather than let it fall back to a download.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';

const require = createRequire(import.meta.url);

export type OcrLanguage = 'chi_sim' | 'eng';

/** The folder holding `<lang>.traineddata.gz` in the installed data package: best_int = the integer LSTM models (fast, small). */
export function localLanguageDir(lang: OcrLanguage): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');
}

export interface OcrWords {
  readonly text: string;
  /** 0–100, tesseract's mean word confidence for the page. */
  readonly confidence: number;
}

export interface OcrEngine {
  /** Page text with the Chinese and English models (labels, names, numbers). Serialised on its worker. */
  recognize(image: Uint8Array): Promise<OcrWords>;
  /**
   * A second reading with the English model restricted to A–Z, 0–9 and `<`: the alphabet of ID numbers,
   * credit codes and MRZ lines. The Chinese model tends to split or merge Latin glyphs in long codes.
   */
  recognizeCodes(image: Uint8Array): Promise<OcrWords>;
  terminate(): Promise<void>;
}

export interface OcrEngineOptions {
  /** Where tesseract.js keeps the unpacked language data between runs (saves gunzip on the next start). */
  readonly cacheDir: string;
}

/** The exact options handed to tesseract.js; exported so a test can prove they point at local files only. */
export function workerOptions(cacheDir: string, languages: readonly OcrLanguage[]) {
  return {
    langPath: mergedLanguageDir(cacheDir, languages),
    cachePath: cacheDir,
    gzip: true,
    // Local worker script; the worker require()s the wasm core from tesseract.js-core in node_modules.
    workerPath: require.resolve('tesseract.js/src/worker-script/node/index.js'),
    cacheMethod: 'write',
  } as const;
}

/**
 * tesseract.js loads every language from one langPath. The two data packages are separate folders, so we
 * give it a folder of symbolic links to the installed .gz files (made once, inside the cache dir).
 */
export function mergedLanguageDir(cacheDir: string, languages: readonly OcrLanguage[]): string {
  if (!isAbsolute(cacheDir)) throw new Error('OCR cache dir must be an absolute path so tesseract.js reads it from disk');
  const dir = join(cacheDir, 'lang');
  mkdirSync(dir, { recursive: true });
  for (const lang of languages) {
    const source = join(localLanguageDir(lang), `${lang}.traineddata.gz`);
    if (!existsSync(source)) throw new Error(`OCR language data missing: ${source} (is @tesseract.js-data/${lang} installed?)`);
    const link = join(dir, `${lang}.traineddata.gz`);
    if (!existsSync(link)) {
      try {
        symlinkSync(source, link);
      } catch (e) {
        // Another process made it first: fine.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  }
  return dir;
}

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

/** One lazily started tesseract.js worker with its own queue: pages go through one at a time. */
function lazyWorker(cacheDir: string, languages: readonly OcrLanguage[], parameters: Record<string, string>) {
  let started: Promise<Worker> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const worker = (): Promise<Worker> => {
    if (!started) {
      const p = (async () => {
        mkdirSync(cacheDir, { recursive: true });
        const w = await createWorker([...languages], OEM.LSTM_ONLY, workerOptions(cacheDir, languages));
        if (Object.keys(parameters).length > 0) await w.setParameters(parameters);
        return w;
      })();
      started = p;
      // A failed start is not kept: the next page tries again.
      p.catch(() => {
        if (started === p) started = null;
      });
    }
    return started;
  };
  return {
    recognize(image: Uint8Array): Promise<OcrWords> {
      const job = async (): Promise<OcrWords> => {
        const { data } = await (await worker()).recognize(Buffer.from(image));
        return { text: data.text, confidence: data.confidence };
      };
      const next = queue.then(job, job);
      queue = next.catch(() => undefined);
      return next;
    },
    async terminate(): Promise<void> {
      const p = started;
      started = null;
      if (p) await (await p.catch(() => null))?.terminate();
    },
  };
}

export function createOcrEngine(options: OcrEngineOptions): OcrEngine {
  // chi_sim first: it is the page's main script. (Listed second it reads Chinese as Latin look-alikes.) With
  // this order the wasm core prints a harmless 'Failed loading language' line once per start.
  const text = lazyWorker(options.cacheDir, ['chi_sim', 'eng'], {});
  const codes = lazyWorker(options.cacheDir, ['eng'], { tessedit_char_whitelist: CODE_ALPHABET });
  return {
    recognize: (image) => text.recognize(image),
    recognizeCodes: (image) => codes.recognize(image),
    async terminate() {
      await Promise.all([text.terminate(), codes.terminate()]);
    },
  };
}
