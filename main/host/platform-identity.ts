// The terminal's identity at the platform: the credential from enrolment, kept in the host's data
// folder (mode 0600) and never handed to the renderer. On first start without a credential the host
// enrols with the configured one-time code, retrying in the background while the platform is away.
// The renderer gets requests signed through TerminalApi.signPlatformRequest.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  deriveSigningKey,
  enrollResponseSchema,
  ENROLLMENT_PATHS,
  newNonce,
  signRequest,
  type SignedRequestHeaders,
  type SignRequestInput,
} from '../../sync/protocol/index.js';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';

export const CREDENTIAL_FILE = 'platform-credential.json';

const storedSchema = z.object({ terminalId: z.string(), platformUrl: z.string(), credential: z.string().min(32), enrolledAt: z.string() });
type StoredCredential = z.infer<typeof storedSchema>;

export type SignFailureCode = 'not_enrolled' | 'not_platform_url';

/**
 * What the host itself may have signed: the renderer's requests (SignRequestInput: GET/POST) and the host's own
 * attachment uploads (HEAD/PATCH, attachment-uploader.ts). The renderer cannot ask for HEAD/PATCH signatures.
 */
export type HostSignRequest = Omit<SignRequestInput, 'method'> & { readonly method: SignRequestInput['method'] | 'HEAD' | 'PATCH' };

export interface PlatformIdentityOptions {
  readonly dataDir: string;
  readonly terminalId: string;
  readonly platformUrl: string;
  readonly enrollmentCode: string | undefined;
  readonly publicInfo: { version: string; profile: string };
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
  /** Retry delays while enrolment fails (default 2 s doubling to 5 min). */
  readonly retry?: { readonly firstMs: number; readonly maxMs: number };
}

export interface PlatformIdentity {
  readonly enrolled: boolean;
  /** Starts enrolling in the background when there is no credential yet. */
  start(): void;
  /** Resolves once enrolled (tests, start-up scripts). */
  whenEnrolled(): Promise<void>;
  sign(req: HostSignRequest): Promise<Result<SignedRequestHeaders, UserFacingError<SignFailureCode>>>;
  /**
   * Enrols now with a code staff entered (the platform no longer knows this terminal, or revoked it). On
   * success the new credential replaces the old one; on failure the old one stays. Nothing else is touched:
   * the queue of applications waits and goes with the new credential.
   */
  enrollWithCode(code: string): Promise<Result<{ enrolledAt: string }, UserFacingError<EnrolFailureCode>>>;
  stop(): void;
}

export type EnrolFailureCode = 'enrollment_refused' | 'platform_unreachable';

const NOT_ENROLLED: UserFacingError<'not_enrolled'> = {
  code: 'not_enrolled',
  message: {
    zh: '本终端尚未在政务服务平台登记，暂时无法联网；办件会先保存在本机。',
    en: 'This terminal is not yet enrolled with the platform; applications are kept on the terminal until it is.',
  },
};

export function createPlatformIdentity(opts: PlatformIdentityOptions): PlatformIdentity {
  const file = join(opts.dataDir, CREDENTIAL_FILE);
  const log = opts.log ?? ((m: string) => console.log(`[host] ${m}`));
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const now = opts.now ?? Date.now;
  const retry = opts.retry ?? { firstMs: 2000, maxMs: 300_000 };
  const platformOrigin = new URL(opts.platformUrl);
  const basePath = platformOrigin.pathname.replace(/\/+$/, '');

  let stored = load();
  let signingKey: Promise<string> | null = stored ? deriveSigningKey(stored.credential) : null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const waiters = new Set<() => void>();

  function load(): StoredCredential | null {
    if (!existsSync(file)) return null;
    try {
      const parsed = storedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.terminalId !== opts.terminalId) {
        log(`${CREDENTIAL_FILE} belongs to terminal ${parsed.terminalId}, not ${opts.terminalId}: enrolling again`);
        return null;
      }
      return parsed;
    } catch (e) {
      log(`${CREDENTIAL_FILE} unreadable (${(e as Error).message}): enrolling again`);
      return null;
    }
  }

  function save(c: StoredCredential): void {
    // Written whole, then renamed: a crash never leaves half a credential.
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(c, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  }

  async function enrollOnce(code: string): Promise<string | null> {
    let res: Response;
    try {
      res = await doFetch(`${opts.platformUrl.replace(/\/+$/, '')}${ENROLLMENT_PATHS.enroll}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, terminalId: opts.terminalId, publicInfo: { ...opts.publicInfo, hostname: hostname().slice(0, 255) } }),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (e) {
      return `platform unreachable: ${(e as Error).message}`;
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) return `platform answered ${res.status}: ${text.slice(0, 200)}`;
    const body = enrollResponseSchema.safeParse(JSON.parse(text || 'null'));
    if (!body.success || body.data.terminalId !== opts.terminalId) return 'unexpected enrolment answer from the platform';
    stored = { terminalId: opts.terminalId, platformUrl: opts.platformUrl, credential: body.data.credential, enrolledAt: body.data.enrolledAt };
    save(stored);
    signingKey = deriveSigningKey(stored.credential);
    log(`enrolled with the platform as ${opts.terminalId}; credential kept in ${CREDENTIAL_FILE}`);
    for (const w of [...waiters]) w();
    return null;
  }

  async function enrollLoop(): Promise<void> {
    const code = opts.enrollmentCode;
    if (code === undefined) {
      log(`no platform credential and no platform.enrollmentCode in the config: the terminal works offline until enrolled`);
      return;
    }
    for (let attempt = 0; !stopped && !stored; attempt++) {
      const failure = await enrollOnce(code);
      if (failure === null || stopped) return;
      const delay = Math.min(retry.maxMs, retry.firstMs * 2 ** Math.min(attempt, 20));
      log(`enrolment failed (${failure}); retrying in ${Math.round(delay / 1000)} s`);
      await new Promise<void>((resolve) => {
        timer = setTimeout(resolve, delay);
      });
    }
  }

  return {
    async enrollWithCode(code) {
      const before = stored;
      const failure = await enrollOnce(code);
      if (failure === null && stored !== null && stored !== before) return ok({ enrolledAt: stored.enrolledAt });
      const unreachable = failure?.startsWith('platform unreachable') ?? false;
      return err({
        code: unreachable ? 'platform_unreachable' : 'enrollment_refused',
        message: unreachable
          ? { zh: '暂时无法连接政务服务平台，请稍后再登记。', en: 'The platform cannot be reached; please enrol again later.' }
          : { zh: '平台不接受此登记码（已用过、已过期或不属于本终端），请向平台运维索取新码。', en: 'The platform did not accept this code (used, expired or for another terminal); ask platform support for a new one.' },
        ...(failure ? { detail: failure } : {}),
      });
    },
    get enrolled() {
      return stored !== null;
    },
    start() {
      if (!stored && !running) running = enrollLoop().finally(() => (running = null));
    },
    whenEnrolled() {
      return stored ? Promise.resolve() : new Promise<void>((resolve) => waiters.add(resolve));
    },
    async sign(req) {
      if (!stored || !signingKey) return err(NOT_ENROLLED);
      // Only requests to the configured platform are signed: the renderer cannot borrow the credential.
      const url = new URL(req.url);
      if (url.origin !== platformOrigin.origin || !url.pathname.startsWith(`${basePath}/`)) {
        return err({
          code: 'not_platform_url',
          message: { zh: '只能为政务服务平台的请求签名。', en: 'Only requests to the configured platform are signed.' },
          detail: `origin ${url.origin} is not the platform's`,
        });
      }
      const headers = await signRequest(
        await signingKey,
        opts.terminalId,
        { method: req.method, pathAndQuery: `${url.pathname}${url.search}`, bodySha256: req.bodySha256 },
        now(),
        newNonce(),
      );
      return ok(headers);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
