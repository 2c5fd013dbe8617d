// The orphan sweeper on real files: encrypted attachment files written by the real store, aged with utimes, and a
// host that sweeps on start with the report the renderer left before the restart.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import { syntheticPng } from '../../sync/server/testing/synthetic-png.js';
import { ATTACHMENTS_DIR, createAttachmentStore, type AttachmentStore } from './attachment-store.js';
import { ATTACHMENT_REFERENCES_FILE, createAttachmentSweeper } from './attachment-sweeper.js';
import { createTerminalHost, type TerminalHost } from './host.js';
import { createPlatformIdentity } from './platform-identity.js';
import { fakeRig } from './test-fakes.js';

const HOUR = 3_600_000;
const GRACE = 24 * HOUR;
let dataDir: string;
let store: AttachmentStore;
let host: TerminalHost | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-sweep-'));
  store = createAttachmentStore({ dataDir, localDataKey: 'a'.repeat(64) });
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/** Stores a real image and makes its file look `ageMs` old. */
function storedAged(seed: number, ageMs: number): string {
  const put = store.put(syntheticPng(seed), 'image/png');
  if (!put.ok) throw new Error('put failed');
  const t = new Date(Date.now() - ageMs);
  utimesSync(join(dataDir, ATTACHMENTS_DIR, `${put.value.sha256}.enc`), t, t);
  return put.value.sha256;
}

const files = () => readdirSync(join(dataDir, ATTACHMENTS_DIR)).sort();

describe('orphaned attachment files', () => {
  it('deletes only files no application references and older than the grace period; referenced ones stay however old', async () => {
    const orphanOld = storedAged(11, GRACE + 2 * HOUR);
    const orphanYoung = storedAged(12, HOUR); // a session may be about to store its application
    const queuedOld = storedAged(13, 30 * GRACE); // an unacknowledged application waiting for weeks
    const sweeper = createAttachmentSweeper({ dataDir, log: () => undefined });
    // A half-written file of a store in progress is not ours to judge.
    writeFileSync(join(dataDir, ATTACHMENTS_DIR, `${orphanOld}.enc.123.tmp`), 'partial');

    const result = sweeper.report([queuedOld]);
    expect(result).toEqual({ deleted: 1, kept: 2 });
    expect(files()).toEqual([`${orphanOld}.enc.123.tmp`, `${orphanYoung}.enc`, `${queuedOld}.enc`].sort());
    // The one kept for its application still decrypts to the same image.
    expect(store.read(queuedOld)).toMatchObject({ ok: true });
    expect(store.read(orphanOld)).toMatchObject({ ok: false, error: { code: 'missing' } });
  });

  it('judges age against the report, not the sweep: an application stored after the report keeps its files', async () => {
    const sweeper = createAttachmentSweeper({ dataDir, log: () => undefined });
    // The renderer reported three days ago and the terminal was off since; an image stored just after that report
    // belongs to an application the report does not know yet.
    const reportedAt = new Date(Date.now() - 3 * GRACE);
    sweeper.report([], reportedAt);
    const afterReport = storedAged(21, 3 * GRACE - HOUR);
    const beforeReport = storedAged(22, 3 * GRACE + GRACE + HOUR);
    // The sweep on the next start reads the report kept on disk.
    expect(JSON.parse(readFileSync(join(dataDir, ATTACHMENT_REFERENCES_FILE), 'utf8'))).toEqual({ reportedAt: reportedAt.toISOString(), referenced: [] });
    expect(createAttachmentSweeper({ dataDir, log: () => undefined }).sweep()).toEqual({ deleted: 1, kept: 1 });
    expect(files()).toEqual([`${afterReport}.enc`]);
    expect(beforeReport).not.toBe(afterReport);
  });

  it('the same image stored again is fresh again (the store touches it)', async () => {
    const png = syntheticPng(31);
    const first = store.put(png, 'image/png');
    if (!first.ok) throw new Error('put failed');
    const sha = first.value.sha256;
    const old = new Date(Date.now() - GRACE - HOUR);
    utimesSync(join(dataDir, ATTACHMENTS_DIR, `${sha}.enc`), old, old);
    expect(store.put(png, 'image/png')).toMatchObject({ ok: true, value: { sha256: sha } });
    expect(createAttachmentSweeper({ dataDir, log: () => undefined }).report([])).toEqual({ deleted: 0, kept: 1 });
    expect(existsSync(join(dataDir, ATTACHMENTS_DIR, `${sha}.enc`))).toBe(true);
  });

  it('without a report, or with a damaged one, deletes nothing', async () => {
    storedAged(41, 10 * GRACE);
    expect(createAttachmentSweeper({ dataDir, log: () => undefined }).sweep()).toEqual({ deleted: 0, kept: 0, skipped: 'no_report' });
    writeFileSync(join(dataDir, ATTACHMENT_REFERENCES_FILE), '{"reportedAt":"yesterday"');
    const lines: string[] = [];
    expect(createAttachmentSweeper({ dataDir, log: (l) => lines.push(l) }).sweep()).toMatchObject({ deleted: 0, skipped: 'bad_report' });
    expect(lines[0]).toContain('unreadable');
    expect(files()).toHaveLength(1);
  });

  it('the host sweeps on start with the last report and through the renderer\'s report, and audits the count', async () => {
    const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as object;
    const cfg = validateKioskConfig(raw);
    if (!cfg.ok) throw new Error('config');
    const identity = createPlatformIdentity({
      dataDir,
      terminalId: cfg.value.terminal.id,
      platformUrl: 'http://127.0.0.1:9',
      enrollmentCode: undefined,
      publicInfo: { version: 'test', profile: cfg.value.terminal.profile },
      log: () => undefined,
    });
    host = createTerminalHost({ config: cfg.value, dataDir, version: '9.9.9', factories: fakeRig().factories, platformIdentity: identity });
    // Files of the host's own store (its key), aged: one the last report (before a restart) names, one it does not.
    const put = (seed: number, ageMs: number): string => {
      const p = host!.attachments.put(syntheticPng(seed), 'image/png');
      if (!p.ok) throw new Error('put failed');
      const t = new Date(Date.now() - ageMs);
      utimesSync(join(dataDir, ATTACHMENTS_DIR, `${p.value.sha256}.enc`), t, t);
      return p.value.sha256;
    };
    const keep = put(51, 10 * GRACE);
    put(52, 10 * GRACE);
    createAttachmentSweeper({ dataDir, log: () => undefined }).sweep(); // no report yet: nothing happens
    expect(files()).toHaveLength(2);
    writeFileSync(join(dataDir, ATTACHMENT_REFERENCES_FILE), JSON.stringify({ reportedAt: new Date().toISOString(), referenced: [keep] }));
    await host.start();
    expect(files()).toEqual([`${keep}.enc`]);
    // Later the renderer reports that nothing references it any more (its application was purged elsewhere).
    expect(await host.api.reportAttachmentReferences({ referenced: [] })).toEqual({ deleted: 1, kept: 0 });
    expect(files()).toEqual([]);
    const audit = readdirSync(join(dataDir, 'audit')).map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8')).join('');
    expect(audit.match(/"action":"swept","count":1/g)).toHaveLength(2);
    expect(audit).not.toContain(keep);
  });
});
