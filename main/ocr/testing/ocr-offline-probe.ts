// Run as a child process under the no-network guard (see document-ocr.test.ts): reads one generated page
// with a fresh cache dir, so the language data must come from node_modules, and prints what it found.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticDocumentPng } from '../../../devices/document-camera/synthetic-documents.js';
import { createDocumentOcr } from '../document-ocr.js';
import { createOcrEngine } from '../tesseract-engine.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'yichuang-ocr-offline-'));
const engine = createOcrEngine({ cacheDir });
try {
  const r = await createDocumentOcr({ engine }).read(await syntheticDocumentPng('id_card_copy'));
  process.stdout.write(JSON.stringify(r.ok ? { ok: true, kinds: r.value.fields.map((f) => f.kind) } : { ok: false, code: r.error.code, detail: r.error.detail }) + '\n');
} finally {
  await engine.terminate();
  rmSync(cacheDir, { recursive: true, force: true });
}
