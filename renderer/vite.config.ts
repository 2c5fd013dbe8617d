// Renderer build. The host serves dist/renderer (over 127.0.0.1 or as Electron's page), so paths are
// relative (base './') and nothing is loaded from the network: no CDN, no remote fonts, no inline script.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Resolved from this file, not the working directory. (No node:url: the renderer's tsconfig and lint rules
// keep Node out of renderer/, and this file is type-checked with it.)
const dirOf = (relative: string): string => decodeURIComponent(new URL(relative, import.meta.url).pathname);
const rendererRoot = dirOf('.');
const repoRoot = dirOf('..');

/**
 * A Content-Security-Policy for the built page. The host may tighten it further with an HTTP header
 * (both apply). connect-src stays open to http(s)/ws(s) because the platform URL is configuration.
 * Only on build: the dev server's React refresh preamble is an inline script.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' http: https: ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'yichuang-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
      );
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Everything ships with the terminal; inline small assets rather than fetching them.
    assetsInlineLimit: 0,
    sourcemap: true,
    // Served from the terminal's own disk, never over a network: one bundle is fine.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // The renderer imports the shared contracts from ../main/api and ../sync.
    fs: { allow: [repoRoot] },
  },
});
