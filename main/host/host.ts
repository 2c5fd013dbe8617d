// The terminal host: devices, audit, local data key and the TerminalApi implementation, composed from
// the kiosk config. Both transports (WebSocket, Electron IPC) carry this one implementation.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Unsubscribe } from '../../devices/core/device.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';
import type { A4DocumentRequest, A4PrintFailureCode, PrintedA4 } from '../api/a4.js';
import type { DeviceHealthSnapshot, DeviceStatusReport } from '../api/devices.js';
import { renderA4Document } from '../printing/a4-documents.js';
import { resolveCjkFont } from '../printing/cjk-font.js';
import type { PrintedReceipt, PrintFailureCode, ReceiptDocument } from '../api/receipt.js';
import type { TerminalApi, TerminalEvent, TerminalInfo } from '../api/terminal-api.js';
import { createAttachmentStore, type AttachmentStore } from './attachment-store.js';
import { createAttachmentSweeper, DEFAULT_SWEEP_INTERVAL_MS, type SweepResult } from './attachment-sweeper.js';
import { createAttachmentUploader, type AttachmentUploader } from './attachment-uploader.js';
import { createAuditForwarder } from './audit-forwarder.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import { createTerminalSettings } from './terminal-settings.js';
import type { DeviceFactories, SyntheticIdentityLike } from './device-factories.js';
import { createDeviceManager, type DeviceManager } from './device-manager.js';
import { HostRefusal } from './errors.js';
import { loadOrCreateLocalDataKey } from './local-data-key.js';
import { createPlatformIdentity, type PlatformIdentity } from './platform-identity.js';
import { createUsedQrNonces } from './used-qr-nonces.js';
import { createUvcCameraStatus } from './uvc-camera-status.js';
import { createPlatformProxy } from './platform-proxy.js';
import { E_CERTIFICATE_PATHS, eCertificateLookupResponseSchema } from '../../sync/protocol/e-certificates.js';
import { PROGRESS_QUERY_PATHS, progressQueryResponseSchema } from '../../sync/protocol/progress-query.js';
import { createIdentityKeyCache, type IdentityKeyCache } from './identity-keys.js';
import { IDENTITY_QR_CLOCK_SKEW_SECONDS, identityQrAlreadyUsed, verifyIdentityQr } from '../../sync/protocol/qr-identity.js';
import { createPrintLedger } from './print-ledger.js';
import { fromDriverError, printFailure } from './print-errors.js';
import { layoutReceipt } from './receipt-layout.js';
import { createDocumentService } from '../ocr/document-service.js';
import { createSpeechService, type SpeechService } from '../speech/speech-service.js';

export interface TerminalHostOptions {
  readonly config: KioskConfig;
  /** Where the host keeps its files: local-data.key, audit/, printed receipts. Created if missing. */
  readonly dataDir: string;
  readonly version: string;
  /** The devices/ bindings; defaults to the real drivers and simulators. Tests may pass their own. */
  readonly factories?: () => Promise<DeviceFactories>;
  readonly now?: () => Date;
  /** Longest a print may take before the host gives up with 'timeout' (default 400 s, above the driver's own limits). */
  readonly printTimeoutMs?: number;
  readonly restartDelayMs?: { readonly first: number; readonly max: number };
  /** The terminal's platform credential; defaults to the one enrolled into dataDir. Tests may pass their own. */
  readonly platformIdentity?: PlatformIdentity;
  /** fetch for the host's own platform calls (attachment uploads); tests may pass their own. */
  readonly platformFetch?: typeof fetch;
  /** Bytes per attachment upload request (default 1 MiB). */
  readonly attachmentChunkBytes?: number;
  /** Orphaned attachment files older than this (before the renderer's last reference report) are deleted (default 24 h). */
  readonly orphanGraceMs?: number;
  /** How often orphaned attachment files are swept (default 1 h; also once at start). */
  readonly sweepIntervalMs?: number;
  /** How often the audit log is forwarded to the platform (default 60 s). */
  readonly auditForwardIntervalMs?: number;
  /** How often operator settings are pulled from the platform (default 5 minutes). */
  readonly settingsPullIntervalMs?: number;
  /** The platform's identity-QR public keys, cached in dataDir; tests may pass their own. */
  readonly identityKeys?: IdentityKeyCache;
  /** Offline read-aloud (espeak-ng); defaults to one playing on the machine's sound device, if it has one. */
  readonly speech?: SpeechService;
}

export interface TerminalHost {
  readonly api: TerminalApi;
  readonly audit: AuditLog;
  readonly devices: DeviceManager;
  /** Attachment bytes kept by the host (tests look at them on disk). */
  readonly attachments: AttachmentStore;
  /**
   * Every device's status, since, last error and re-open counts, for the platform heartbeat. Cheap and
   * synchronous; holds no personal data (statuses and port names only).
   */
  getDeviceHealth(): DeviceHealthSnapshot;
  onEvent(listener: (event: TerminalEvent) => void): Unsubscribe;
  /** Opens the devices. Never throws for a device: failures become device statuses. */
  start(): Promise<void>;
  stop(reason?: string): Promise<void>;
  /** For transports: a renderer attached or left (audited, no personal data). Returns the session id. */
  sessionOpened(transport: 'ws' | 'ipc'): string;
  sessionClosed(transport: 'ws' | 'ipc', sessionId: string): void;
}

const NOT_SIMULATED: UserFacingError = {
  code: 'not_simulated',
  message: {
    zh: '此终端的该设备不是模拟设备，无法执行模拟操作。',
    en: 'This device is not simulated on this terminal; simulation actions are not available.',
  },
};

function documentCameraInfo(camera: KioskConfig['devices']['documentCamera']): TerminalInfo['documentCamera'] {
  if (!camera?.enabled) return null;
  const t = camera.transport;
  if (t.kind !== 'uvc') return { kind: 'host' };
  return { kind: 'uvc', ...(t.label !== undefined ? { label: t.label } : {}), width: t.width, height: t.height, mime: t.mime };
}

/** Stable names for simulated devices' ports (so a simulator can be unplugged and plugged back in). */
function simulatedPortDir(dataDir: string): string {
  const dir = join(dataDir, 'sim-ports');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const loadDefaultFactories = async (): Promise<DeviceFactories> =>
  (await import('./default-factories.js')).defaultDeviceFactories();

export function createTerminalHost(options: TerminalHostOptions): TerminalHost {
  const { config, dataDir, version } = options;
  const now = options.now ?? (() => new Date());
  // A safety net only: the driver itself waits up to 5 minutes for paper or a closed cover, then answers.
  const printTimeoutMs = options.printTimeoutMs ?? 400_000;
  const localDataKey = loadOrCreateLocalDataKey(dataDir);
  const identity: PlatformIdentity =
    options.platformIdentity ??
    createPlatformIdentity({
      dataDir,
      terminalId: config.terminal.id,
      platformUrl: config.platform.url,
      enrollmentCode: config.platform.enrollmentCode,
      publicInfo: { version, profile: config.terminal.profile },
    });
  const audit = createAuditLog(dataDir, now);
  // The audit trail goes to the platform too (no personal data in it), in batches behind a durable cursor.
  const auditForwarder = createAuditForwarder({
    dir: audit.dir,
    platformUrl: config.platform.url,
    sign: (req) => identity.sign(req),
    ...(options.platformFetch ? { fetch: options.platformFetch } : {}),
    ...(options.auditForwardIntervalMs ? { intervalMs: options.auditForwardIntervalMs } : {}),
  });
  const attachments = createAttachmentStore({ dataDir, localDataKey });
  const sweeper = createAttachmentSweeper({ dataDir, ...(options.orphanGraceMs !== undefined ? { graceMs: options.orphanGraceMs } : {}) });
  const recordSweep = (result: SweepResult): SweepResult => {
    if (result.deleted > 0) {
      audit.record({ type: 'attachment', action: 'swept', count: result.deleted });
      console.warn(`[host] deleted ${result.deleted} orphaned attachment file(s): no stored application references them`);
    }
    return result;
  };
  let sweepTimer: NodeJS.Timeout | undefined;
  const uploader: AttachmentUploader = createAttachmentUploader({
    platformUrl: config.platform.url,
    store: attachments,
    sign: (req) => identity.sign(req),
    ...(options.platformFetch ? { fetch: options.platformFetch } : {}),
    ...(options.attachmentChunkBytes ? { chunkBytes: options.attachmentChunkBytes } : {}),
  });
  const identityKeys = options.identityKeys ?? createIdentityKeyCache({ dataDir, platformUrl: config.platform.url });
  const usedQrNonces = createUsedQrNonces({ dataDir, now });
  const platform = createPlatformProxy({ platformUrl: config.platform.url, identity });
  const ledger = createPrintLedger(join(dataDir, 'printed-receipts.txt'));
  const listeners = new Set<(event: TerminalEvent) => void>();
  const emit = (event: TerminalEvent): void => {
    for (const l of listeners) {
      try {
        l(event);
      } catch (e) {
        console.error('[host] event listener failed:', (e as Error).message);
      }
    }
  };

  let factoriesPromise: Promise<DeviceFactories> | null = null;
  const devices = createDeviceManager<SyntheticIdentityLike>({
    devices: config.devices,
    factories: () => (factoriesPromise ??= (options.factories ?? loadDefaultFactories)()),
    audit,
    emit,
    printedJobs: ledger,
    now,
    simulatedPortDir: simulatedPortDir(dataDir),
    defaultA4Directory: join(dataDir, 'a4-printed'),
    // The document camera is not the manager's (OCR service or screen), but its status is in every snapshot.
    otherDevices: () => {
      const camera = cameraReport();
      return camera ? [camera] : [];
    },
    ...(options.restartDelayMs ? { restartDelayMs: options.restartDelayMs } : {}),
  });

  // Document camera (高拍仪) and offline OCR (main/ocr/document-service.ts); its status joins the others.
  // A UVC camera is the screen's: its status is what the renderer reports (uvc-camera-status.ts).
  const documents = createDocumentService({ config: config.devices.documentCamera, dataDir, now });
  const uvcCamera = createUvcCameraStatus(config.devices.documentCamera, now);
  const cameraStatusChanged = (report: DeviceStatusReport): void => {
    emit({ type: 'device-status', report });
    const { status } = report;
    audit.record({
      type: 'device.status',
      deviceId: report.deviceId,
      deviceClass: report.deviceClass,
      status: status.kind,
      ...(status.kind === 'error' ? { code: status.code } : {}),
    });
  };
  documents.onStatus(cameraStatusChanged);
  uvcCamera.onStatus(cameraStatusChanged);
  const cameraReport = (): DeviceStatusReport | null => documents.statusReport() ?? uvcCamera.report();

  // Read-aloud for when Chromium has no voice. Failures are logged by code only: the text may name the person.
  const speech = options.speech ?? createSpeechService();

  const configured: TerminalInfo = {
    terminalId: config.terminal.id,
    displayName: config.terminal.displayName,
    profile: config.terminal.profile,
    platformUrl: config.platform.url,
    heartbeatSeconds: config.platform.heartbeatSeconds,
    localDataKey,
    idleTimeoutSeconds: config.session.idleTimeoutSeconds,
    offlineLimits: { maxQueued: config.offline.maxQueued, maxOldestAgeMinutes: config.offline.maxOldestAgeMinutes },
    purgeRetentionHours: config.privacy.purgeRetentionHours,
    input: config.input,
    signature: config.signature ?? (config.input === 'keypad' ? 'keypad-confirm' : 'drawn'),
    endSessionOnCardRemoval: config.session.endSessionOnCardRemoval,
    simulation: devices.simulation,
    version,
    documentCamera: documentCameraInfo(config.devices.documentCamera),
    keyboardWedge: {
      maxInterKeyMs: config.devices.keyboardWedge.maxInterKeyMs,
      minLength: config.devices.keyboardWedge.minLength,
      suffixKey: config.devices.keyboardWedge.suffix,
    },
  };
  // Operators may override some settings from the platform (terminal-settings.ts); the renderer is told.
  const settings = createTerminalSettings({
    dataDir,
    platformUrl: config.platform.url,
    local: configured,
    sign: (req) => identity.sign(req),
    ...(options.platformFetch ? { fetch: options.platformFetch } : {}),
    ...(options.settingsPullIntervalMs ? { intervalMs: options.settingsPullIntervalMs } : {}),
    onChange: () => emit({ type: 'terminal-info', info: currentInfo() }),
  });
  const currentInfo = (): TerminalInfo => ({ ...configured, ...settings.current() });

  /** One print per application at a time: a second call while the first runs gets the same answer. */
  const inFlight = new Map<string, Promise<Result<PrintedReceipt, UserFacingError<PrintFailureCode>>>>();

  const print = async (
    doc: ReceiptDocument,
  ): Promise<Result<PrintedReceipt, UserFacingError<PrintFailureCode>>> => {
    const base = { type: 'print', applicationId: doc.applicationId, lineCount: doc.lines.length } as const;
    if (ledger.has(doc.applicationId)) {
      audit.record({ ...base, outcome: 'already_printed' });
      return ok({
        applicationId: doc.applicationId,
        jobId: doc.applicationId,
        reprint: false,
        alreadyPrinted: true,
      });
    }
    const printer = devices.printer();
    if (!printer) {
      const e = printFailure('no_printer', 'receipt printer disabled, absent or not set up');
      audit.record({ ...base, outcome: 'failed', code: e.code });
      return err(e);
    }
    const job = layoutReceipt(doc, { terminalId: config.terminal.id, printedAt: now() });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), printTimeoutMs);
    });
    let outcome: Awaited<ReturnType<typeof printer.print>> | 'timeout';
    try {
      outcome = await Promise.race([printer.print(job), timeout]);
    } catch (e) {
      const failure = printFailure('io_error', `driver threw: ${(e as Error).message}`);
      audit.record({ ...base, outcome: 'failed', code: failure.code });
      return err(failure);
    } finally {
      clearTimeout(timer);
    }
    if (outcome === 'timeout') {
      const failure = printFailure('timeout', `no answer from the printer within ${printTimeoutMs} ms`);
      audit.record({ ...base, outcome: 'failed', code: failure.code });
      return err(failure);
    }
    if (!outcome.ok) {
      const failure = fromDriverError(outcome.error);
      audit.record({ ...base, outcome: 'failed', code: failure.code });
      return err(failure);
    }
    ledger.add(doc.applicationId);
    const { reprinted, alreadyPrinted } = outcome.value;
    audit.record({
      ...base,
      outcome: alreadyPrinted ? 'already_printed' : reprinted ? 'reprinted' : 'printed',
    });
    return ok({
      applicationId: doc.applicationId,
      jobId: outcome.value.jobId,
      reprint: reprinted,
      ...(alreadyPrinted ? { alreadyPrinted } : {}),
    });
  };

  const a4Failure = (code: A4PrintFailureCode, detail: string): UserFacingError<A4PrintFailureCode> => ({
    code,
    message:
      code === 'no_printer'
        ? { zh: 'A4 打印机暂不可用，请联系工作人员。', en: 'The A4 printer is not available; please ask a member of staff.' }
        : code === 'timeout'
          ? { zh: 'A4 打印超时，请联系工作人员。', en: 'A4 printing timed out; please ask a member of staff.' }
          : { zh: 'A4 文档打印失败，请联系工作人员。', en: 'The A4 document could not be printed; please ask a member of staff.' },
    detail,
  });

  const printA4 = async (req: A4DocumentRequest): Promise<Result<PrintedA4, UserFacingError<A4PrintFailureCode>>> => {
    const base = { type: 'a4.print', kind: req.kind, applicationId: req.applicationId } as const;
    const fail = (e: UserFacingError<A4PrintFailureCode>): Result<never, UserFacingError<A4PrintFailureCode>> => {
      audit.record({ ...base, outcome: 'failed', code: e.code });
      return err(e);
    };
    const printer = devices.a4Printer();
    if (!printer) return fail(a4Failure('no_printer', 'A4 printer disabled or not configured (devices.a4Printer)'));
    const font = resolveCjkFont();
    if (!font.ok) return fail(font.error);
    let rendered: Awaited<ReturnType<typeof renderA4Document>>;
    try {
      rendered = await renderA4Document(req, { font: font.value, terminalId: config.terminal.id, printedAt: now() });
    } catch (e) {
      return fail(a4Failure('print_failed', `PDF rendering failed: ${(e as Error).message}`));
    }
    // The job title is what CUPS shows and logs: kind and application id only, never a name.
    const job = await printer.print(rendered.pdf, { title: `yichuang-${req.kind}-${req.applicationId}` });
    if (!job.ok) return fail(a4Failure(job.error.code, job.error.detail));
    audit.record({ ...base, outcome: 'printed', pages: rendered.pages });
    return ok({ applicationId: req.applicationId, kind: req.kind, jobId: job.value.jobId, pages: rendered.pages });
  };

  const api: TerminalApi = {
    getTerminalInfo: async () => currentInfo(),
    getDeviceStatuses: async () => devices.statuses(),

    getDeviceHealth: async () => deviceHealth(),

    signPlatformRequest: (request) => identity.sign(request),
    async enrollTerminal({ code }) {
      const r = await identity.enrollWithCode(code);
      audit.record({ type: 'platform.enrol', outcome: r.ok ? 'enrolled' : r.error.code });
      return r;
    },

    printReceipt(doc) {
      const running = inFlight.get(doc.applicationId);
      if (running) return running;
      const p = print(doc).finally(() => inFlight.delete(doc.applicationId));
      inFlight.set(doc.applicationId, p);
      return p;
    },

    printA4Document: (req) => printA4(req),

    async verifyIdentityQr({ text }) {
      // Offline: only the cached keys and the local clock. The audit keeps the outcome, never the text.
      const verified = await verifyIdentityQr(text, { keys: identityKeys.keys(), now: now() });
      if (!verified.ok) {
        audit.record({ type: 'identity.qr', outcome: 'refused', code: verified.error.code });
        return err(verified.error);
      }
      const { name, idNumber, cardType, expiresAt, nonce } = verified.value;
      // One use per code at this terminal, remembered for as long as the code could still verify.
      if (!usedQrNonces.claim(nonce, Date.parse(expiresAt) + IDENTITY_QR_CLOCK_SKEW_SECONDS * 1000)) {
        audit.record({ type: 'identity.qr', outcome: 'refused', code: 'already_used' });
        return err(identityQrAlreadyUsed());
      }
      audit.record({ type: 'identity.qr', outcome: 'verified', cardType });
      return ok({ name, idNumber, cardType, expiresAt });
    },

    async speakText(args) {
      const spoken = await speech.speak(args);
      if (!spoken.ok) console.warn(`[host] read-aloud failed (${spoken.error.code}): ${spoken.error.detail ?? ''}`);
      return spoken;
    },
    async stopSpeaking() {
      speech.stop();
      return null;
    },

    async putAttachment({ imageBase64, mediaType }) {
      const stored = attachments.put(Buffer.from(imageBase64, 'base64'), mediaType);
      audit.record(
        stored.ok
          ? { type: 'attachment', action: 'stored', count: 1, bytes: stored.value.size }
          : { type: 'attachment', action: 'refused', count: 1, code: stored.error.code },
      );
      return stored;
    },

    async uploadAttachments({ attachments: blobs }) {
      const result = await uploader.ensureUploaded(blobs);
      if (result.ok) {
        if (result.value.uploaded > 0) audit.record({ type: 'attachment', action: 'uploaded', count: result.value.uploaded });
        if (result.value.refused.length > 0) {
          audit.record({ type: 'attachment', action: 'upload_refused', count: result.value.refused.length, code: result.value.refused[0]!.code });
          for (const r of result.value.refused) console.error(`[host] attachment refused for good (${r.status} ${r.code}): ${r.message}`);
        }
      } else if (result.error.code !== 'offline' && result.error.code !== 'not_enrolled') {
        audit.record({ type: 'attachment', action: 'upload_failed', count: blobs.length, code: result.error.code });
        console.error(`[host] attachment upload: ${result.error.detail ?? result.error.code}`);
      }
      return result;
    },

    async reportAttachmentReferences({ referenced }) {
      const { deleted, kept } = recordSweep(sweeper.report(referenced, now()));
      return { deleted, kept };
    },

    async recordApplicationEvent(event) {
      audit.record({ type: 'application', ...event });
      return null;
    },

    async releaseAttachments({ sha256s }) {
      let deleted = 0;
      for (const sha256 of sha256s) if (attachments.delete(sha256)) deleted++;
      if (deleted > 0) audit.record({ type: 'attachment', action: 'released', count: deleted });
      return { deleted };
    },

    async lookupECertificates({ idNumber }) {
      // The audit keeps the outcome and how many, never the number or the certificates.
      const answer = await platform.post(E_CERTIFICATE_PATHS.lookup, { idNumber }, eCertificateLookupResponseSchema);
      audit.record({ type: 'platform.e-certificates', outcome: answer.ok ? 'answered' : answer.error.code, count: answer.ok ? answer.value.certificates.length : 0 });
      return answer;
    },
    async queryProgress(query) {
      const answer = await platform.post(PROGRESS_QUERY_PATHS.query, query, progressQueryResponseSchema);
      audit.record({ type: 'platform.progress-query', by: 'idNumber' in query ? 'person' : 'case-code', outcome: answer.ok ? 'answered' : answer.error.code });
      return answer;
    },

    captureDocument: () => documents.captureDocument(),
    ocrDocument: (args) => documents.ocrDocument(args),
    async reportUvcCamera({ state }) {
      if (uvcCamera.update(state)) return ok(null);
      return err({
        code: 'no_uvc_camera',
        message: { zh: '此终端没有启用 USB 高拍仪。', en: 'This terminal has no USB (UVC) document camera enabled.' },
        detail: 'reportUvcCamera: devices.documentCamera is not an enabled uvc camera',
      });
    },
    async simPlaceDocument({ document }) {
      return documents.simPlaceDocument(document);
    },

    async simListIdentities() {
      if (!devices.idCardSimulator())
        throw new HostRefusal(
          'not_simulated',
          'simListIdentities: the ID card reader is not simulated on this terminal',
        );
      return devices.syntheticIdentities().map((identity, index) => ({ index, label: identity.label }));
    },

    async simPlaceCard({ index }) {
      const sim = devices.idCardSimulator();
      if (!sim) return err(NOT_SIMULATED);
      const identity = devices.syntheticIdentities()[index];
      if (!identity) {
        return err({
          code: 'unknown_identity',
          message: {
            zh: `没有编号为 ${index} 的模拟身份。`,
            en: `There is no simulated identity number ${index}.`,
          },
        });
      }
      await sim.placeCard(identity);
      audit.record({ type: 'sim', action: 'place-card', value: index });
      return ok(null);
    },

    async simRemoveCard() {
      const sim = devices.idCardSimulator();
      if (!sim) return err(NOT_SIMULATED);
      await sim.removeCard();
      audit.record({ type: 'sim', action: 'remove-card' });
      return ok(null);
    },

    async simPrintedReceipts() {
      const sim = devices.printerSimulator();
      if (!sim)
        throw new HostRefusal(
          'not_simulated',
          'simPrintedReceipts: the receipt printer is not simulated on this terminal',
        );
      return sim
        .receipts()
        .map((r, index) => ({ index, text: r.text, cut: r.cut, qrPayloads: [...r.qrPayloads] }));
    },

    async simScan({ text, symbology }) {
      const sim = devices.scannerSimulator();
      if (!sim) return err(NOT_SIMULATED);
      try {
        await sim.scan(text, symbology);
      } catch (e) {
        return err({
          code: 'sim_scan_failed',
          message: { zh: '模拟扫码失败，请重试。', en: 'The simulated scan could not be sent; try again.' },
          detail: (e as Error).message,
        });
      }
      audit.record({ type: 'sim', action: 'scan' });
      return ok(null);
    },

    async simSetDeviceConnected({ deviceId, connected }) {
      const plugged = await devices.simulatorConnected(deviceId, connected);
      if (plugged.ok) return ok(null);
      if (plugged.error === 'not_simulated') return err(NOT_SIMULATED);
      return err({
        code: `sim_${plugged.error}`,
        message: {
          zh: connected ? '模拟设备无法插回，请重试。' : '模拟设备无法拔出。',
          en: connected ? 'The simulated device could not be plugged back in; try again.' : 'The simulated device cannot be unplugged.',
        },
        detail: `${deviceId}: ${plugged.error}`,
      });
    },

    async simSetPrinterPaper({ present }) {
      const sim = devices.printerSimulator();
      if (!sim) return err(NOT_SIMULATED);
      await sim.setPaper(present);
      audit.record({ type: 'sim', action: 'set-paper', value: present });
      return ok(null);
    },
  };

  /** Every device, the document camera included (the manager lists it among its otherDevices). */
  const deviceHealth = (): DeviceHealthSnapshot => devices.health();

  let started = false;
  let stopping: Promise<void> | null = null;
  return {
    api,
    audit,
    devices,
    attachments,
    getDeviceHealth: () => deviceHealth(),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started) return;
      started = true;
      audit.record({
        type: 'host.start',
        version,
        terminalId: config.terminal.id,
        profile: config.terminal.profile,
        simulation: devices.simulation,
      });
      identity.start();
      identityKeys.start();
      auditForwarder.start();
      settings.start();
      // Orphaned attachment files: with the renderer's last report (kept on disk), then every hour with the newest.
      recordSweep(sweeper.sweep());
      sweepTimer = setInterval(() => recordSweep(sweeper.sweep()), options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
      sweepTimer.unref();
      await devices.start();
      await documents.start();
    },
    stop(reason = 'stop') {
      stopping ??= (async () => {
        speech.stop();
        clearInterval(sweepTimer);
        auditForwarder.stop();
        settings.stop();
        identity.stop();
        identityKeys.stop();
        await devices.stop();
        await documents.stop();
        audit.record({ type: 'host.stop', reason });
      })();
      return stopping;
    },
    sessionOpened(transport) {
      const sessionId = randomUUID();
      audit.record({ type: 'session.open', transport, sessionId });
      return sessionId;
    },
    sessionClosed(transport, sessionId) {
      audit.record({ type: 'session.close', transport, sessionId });
    },
  };
}
