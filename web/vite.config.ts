import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const processor = 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  // No @vitejs/plugin-react: esbuild's automatic JSX runtime is enough (no fast refresh in dev).
  esbuild: { jsx: 'automatic' },
  // The contract package's TypeScript sources, as tsconfig's paths map them: its dist is CommonJS, whose re-exported
  // values (planViolations, role helpers, /ws constants) Rollup cannot name from outside node_modules.
  resolve: { alias: [{ find: /^@arterial\/contracts\/(.*)$/, replacement: fileURLToPath(new URL('../firmware-contracts/src/$1', import.meta.url)) }] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // maplibre-gl alone is ~1 MB minified; it gets its own long-cacheable chunk.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // React Server Components' "use client" in TanStack Query's modules means nothing to a client-only bundle; Rollup
      // drops it and says so once per module. Every other warning still prints.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use client"')) return;
        warn(warning);
      },
      // The contract modules only declare schemas and functions; without this, a schema compiled at module level for
      // Node-side validation (new Function, which the page's CSP forbids) would ride along with planViolations.
      treeshake: { moduleSideEffects: (id) => !id.includes('/firmware-contracts/src/'), manualPureFunctions: ['TypeCompiler'] },
      output: {
        manualChunks(id) {
          if (!id.includes('/node_modules/')) return undefined;
          if (id.includes('/node_modules/maplibre-gl/')) return 'maplibre';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: processor, changeOrigin: true },
      '/ws': { target: processor, ws: true, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: processor, changeOrigin: true },
      '/ws': { target: processor, ws: true, changeOrigin: true },
    },
  },
});
