// Renderer build. The host serves dist/renderer (over 127.0.0.1 or as Electron's page), so paths are
// relative (base './') and nothing is loaded from the network: no CDN, no remote fonts, no inline script,
// no inline style attributes in markup. The Content-Security-Policy is the host's (HTTP header built by
// main/transport/security.ts with the platform URL in connect-src); a second policy here would only drift.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Resolved from this file, not the working directory. (No node:url: the renderer's tsconfig and lint rules
// keep Node out of renderer/, and this file is type-checked with it.)
const dirOf = (relative: string): string => decodeURIComponent(new URL(relative, import.meta.url).pathname);
const rendererRoot = dirOf('.');
const repoRoot = dirOf('..');

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Served from the terminal's own disk, never over a network: one bundle is fine.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // The renderer imports the shared contracts from ../main/api and ../sync.
    fs: { allow: [repoRoot] },
  },
});
