// Vite config for the browser side: the SPA (index.html) and the offline GraphQL IDE
// (graphiql.html). Build: `node scripts/build-web.mjs` → web/dist/. Dev: `npm run dev:web`
// (port 5173) with the API server on 127.0.0.1:4000 behind the proxy below.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.DAYREEL_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // GraphiQL bundles Monaco; it is a developer page loaded on demand.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      checks: { bundlerTimings: false },
      onwarn(warning, warn) {
        // GraphiQL's modules start with "use no memo" (a React Compiler hint): harmless.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('graphiql.html', import.meta.url)),
      },
    },
  },
  worker: { format: 'es' },
  // The dev server's dependency optimizer cannot follow GraphiQL's `?worker` imports of Monaco
  // (UNLOADABLE_DEPENDENCY); left to Vite itself, they load as workers, as in the build.
  optimizeDeps: { exclude: ['graphiql/setup-workers/vite', '@graphiql/react/setup-workers/vite'] },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/media': { target: api, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/media': { target: api, changeOrigin: false },
    },
  },
});
