import { defineConfig } from 'vite';

const processor = 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  // No @vitejs/plugin-react: esbuild's automatic JSX runtime is enough (no fast refresh in dev).
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // maplibre-gl alone is ~1 MB minified; it gets its own long-cacheable chunk.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
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
