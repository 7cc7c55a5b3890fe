import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer is a static bundle: served by the Node core over HTTP or loaded by Electron from disk,
// hence relative asset paths (base './').
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${here}renderer`,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}dist/renderer`,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
  },
  server: {
    // `npx vite` during development: forward API calls to a running core (MOTCUA_API=http://127.0.0.1:PORT).
    proxy: process.env.MOTCUA_API ? { '/api': process.env.MOTCUA_API } : undefined,
  },
});
