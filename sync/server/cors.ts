// The terminal renderer runs in a browser on a loopback origin (http://127.0.0.1:7710 and test ports),
// so loopback origins are allowed by default; anything else must be listed.
const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;

export function isAllowedOrigin(origin: string | undefined, extra: readonly string[]): boolean {
  if (origin === undefined) return true; // not a browser cross-origin request
  return LOOPBACK.test(origin) || extra.includes(origin);
}
