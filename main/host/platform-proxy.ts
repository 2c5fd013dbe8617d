// Signed platform calls the host makes on the renderer's behalf (一证通办 look-ups, online progress
// queries): the credential never leaves the host, and the renderer gets a Result it can show. Personal
// data in the request body is never logged; failures are reported by kind only.
import type { z } from 'zod';
import { sha256Hex } from '../../sync/protocol/web-crypto.js';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';
import type { PlatformCallFailure } from '../api/terminal-api.js';
import type { PlatformIdentity } from './platform-identity.js';

export type { PlatformCallFailure };

const MESSAGES: Record<PlatformCallFailure, { zh: string; en: string }> = {
  offline: { zh: '暂时连不上政务服务平台。', en: 'The government service platform cannot be reached right now.' },
  not_enrolled: { zh: '本终端尚未在平台登记，暂时无法在线查询。', en: 'This terminal is not yet enrolled with the platform, so it cannot look this up online.' },
  refused: { zh: '平台没有接受这次查询。', en: 'The platform did not accept this request.' },
  bad_response: { zh: '平台的答复无法识别。', en: 'The platform sent an answer that could not be understood.' },
};

export function platformCallError(code: PlatformCallFailure, detail: string): UserFacingError<PlatformCallFailure> {
  return { code, message: MESSAGES[code], detail };
}

export interface PlatformProxy {
  /** POSTs a JSON body to a platform path, signed as this terminal; the answer through `schema`. */
  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<Result<z.output<S>, UserFacingError<PlatformCallFailure>>>;
}

export function createPlatformProxy(opts: {
  readonly platformUrl: string;
  readonly identity: Pick<PlatformIdentity, 'sign'>;
  readonly fetch?: typeof fetch;
  /** A person is waiting at the screen: short (default 8 s). */
  readonly timeoutMs?: number;
}): PlatformProxy {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.platformUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 8000;
  return {
    async post(path, body, schema) {
      const url = `${base}${path}`;
      const json = JSON.stringify(body);
      const signed = await opts.identity.sign({ method: 'POST', url, bodySha256: await sha256Hex(json) });
      if (!signed.ok) return err(platformCallError(signed.error.code === 'not_enrolled' ? 'not_enrolled' : 'refused', signed.error.code));
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: { ...signed.value, 'content-type': 'application/json', accept: 'application/json' },
          body: json,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        return err(platformCallError('offline', (e as Error).name));
      }
      if (!res.ok) {
        // The platform's error code only (its messages never carry values, but nothing is echoed here anyway).
        const code = await res
          .json()
          .then((b: unknown) => (typeof (b as { error?: unknown })?.error === 'string' ? (b as { error: string }).error : ''))
          .catch(() => '');
        return err(platformCallError(res.status >= 500 ? 'offline' : 'refused', `HTTP ${res.status} ${code}`.trim()));
      }
      const parsed = schema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) return err(platformCallError('bad_response', parsed.error.issues[0]?.path.join('.') || 'root'));
      return ok(parsed.data);
    },
  };
}
