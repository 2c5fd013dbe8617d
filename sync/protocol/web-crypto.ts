// SHA-256 and HMAC-SHA256 through Web Crypto (globalThis.crypto.subtle), which browsers and Node 20+
// both have, so the terminal, its host and the platform compute signatures with one piece of code.

const encoder = new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

function bytes(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return encoder.encode(data);
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(await globalThis.crypto.subtle.digest('SHA-256', bytes(data)));
}

export async function hmacSha256Hex(key: string, message: string): Promise<string> {
  const k = await globalThis.crypto.subtle.importKey('raw', bytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHex(await globalThis.crypto.subtle.sign('HMAC', k, bytes(message)));
}
