// Reading a captured page: the image is checked first (format and size from its header), then read twice
// at once on two workers — the Chinese+English model for the page, the English model limited to the code
// alphabet for numbers and MRZ lines — and the key fields are taken from both readings. Only fields whose
// check digits pass come back. Nothing read from a page is ever logged.
import { inspectImage, type ImageInfo, type ImageLimits } from '../../devices/document-camera/image-info.js';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';
import { extractDocumentFields, type ExtractedField } from './extract-fields.js';
import type { OcrEngine } from './tesseract-engine.js';

export interface DocumentOcrResult {
  readonly fields: readonly ExtractedField[];
  /** 0–100: tesseract's mean word confidence for the page text; low values mean "capture again". */
  readonly textConfidence: number;
  readonly image: ImageInfo;
}

export type DocumentOcrFailureCode = 'image_too_large' | 'image_format' | 'image_dimensions' | 'ocr_failed' | 'ocr_timeout';

export interface DocumentOcr {
  read(image: Uint8Array): Promise<Result<DocumentOcrResult, UserFacingError<DocumentOcrFailureCode>>>;
}

export interface DocumentOcrOptions {
  readonly engine: OcrEngine;
  readonly limits?: ImageLimits;
  /** Longest one page may take (both readings); the first page also pays for loading the models. */
  readonly pageTimeoutMs?: number;
  readonly now?: () => Date;
}

const OCR_FAILED: UserFacingError<'ocr_failed'> = {
  code: 'ocr_failed',
  message: {
    zh: '未能识别这页材料，请重新拍摄，或手动填写。',
    en: 'This page could not be read; capture it again or fill in the fields by hand.',
  },
};

export function createDocumentOcr(options: DocumentOcrOptions): DocumentOcr {
  const pageTimeoutMs = options.pageTimeoutMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  return {
    async read(image) {
      const info = inspectImage(image, options.limits);
      if (!info.ok) return err(info.error);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), pageTimeoutMs);
      });
      try {
        const both = Promise.all([options.engine.recognize(image), options.engine.recognizeCodes(image)]);
        const outcome = await Promise.race([both, timeout]);
        if (outcome === 'timeout') {
          return err({
            code: 'ocr_timeout',
            message: {
              zh: '识别时间过长，请重新拍摄，或手动填写。',
              en: 'Reading the page took too long; capture it again or fill in the fields by hand.',
            },
            detail: `no OCR result within ${pageTimeoutMs} ms`,
          });
        }
        const [page, codes] = outcome;
        const today = now();
        const fields: ExtractedField[] = [];
        const seen = new Set<string>();
        for (const f of [...extractDocumentFields(page.text, today), ...extractDocumentFields(codes.text, today)]) {
          const key = `${f.kind}:${f.value}`;
          if (seen.has(key) || (f.kind === 'uscc' && seen.has(`resident_id:${f.value}`))) continue;
          seen.add(key);
          fields.push(f);
        }
        return ok({ fields, textConfidence: Math.round(page.confidence), image: info.value });
      } catch (e) {
        // The engine's message may name files, never page content.
        return err({ ...OCR_FAILED, detail: (e as Error).message });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
