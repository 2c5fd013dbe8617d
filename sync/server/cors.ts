// The terminal renderer runs in a browser on a loopback origin (http://127.0.0.1:7710 and test ports),
// or inside the Electron shell on its fixed app://yichuang origin, so those are allowed by default;
// anything else must be listed. CORS is not the security boundary (terminals authenticate every
// request); it only keeps other web pages from driving a terminal's browser against the platform.
const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;
export const ELECTRON_APP_ORIGIN = 'app://yichuang';

export function isAllowedOrigin(origin: string | undefined, extra: readonly string[]): boolean {
  if (origin === undefined) return true; // not a browser cross-origin request
  return LOOPBACK.test(origin) || origin === ELECTRON_APP_ORIGIN || extra.includes(origin);
}
