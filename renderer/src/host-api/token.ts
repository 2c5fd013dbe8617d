// Where the per-boot WebSocket token comes from: the host injects
// <meta name="yichuang-token" content="..."> into index.html when it serves the page. While developing
// with `vite dev` (no host serving the page) `?token=` in the page URL is accepted instead.
import { WS_PATH, WS_TOKEN_PARAM } from '../../../main/api/index.js';

export const TOKEN_META_NAME = 'yichuang-token';

export interface TokenSources {
  readonly document: Pick<Document, 'querySelectorAll'>;
  readonly location: Pick<Location, 'search'>;
  /** import.meta.env.DEV: allow the page-URL fallback. */
  readonly allowUrlToken: boolean;
}

export function readHostToken({ document, location, allowUrlToken }: TokenSources): string | null {
  const metas = Array.from(document.querySelectorAll<HTMLMetaElement>(`meta[name="${TOKEN_META_NAME}"]`));
  for (const meta of metas.reverse()) {
    const content = meta.content.trim();
    if (content) return content;
  }
  if (allowUrlToken) {
    const fromUrl = new URLSearchParams(location.search).get(WS_TOKEN_PARAM);
    if (fromUrl) return fromUrl;
  }
  return null;
}

export function hostWebSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token === null ? '' : `?${WS_TOKEN_PARAM}=${encodeURIComponent(token)}`;
  return `${scheme}//${location.host}${WS_PATH}${query}`;
}

/**
 * Asks the host for the page again and reads its token: after a host restart the page's token is stale.
 * Same-origin only (other origins cannot read the page). Null when the page carries no token (vite dev).
 */
export async function fetchCurrentHostToken(pageUrl: string, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  const response = await fetchImpl(pageUrl, { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) return null;
  const html = await response.text();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return readHostToken({ document: doc, location: { search: '' }, allowUrlToken: false });
}
