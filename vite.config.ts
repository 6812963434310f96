/**
 * Vite: React, and CesiumJS's static build (Workers, Assets, Widgets, ThirdParty) served in dev and
 * copied on build under /cesium, the base URL Cesium loads them from (CESIUM_BASE_URL, also set
 * on window in src/main.tsx before Cesium is imported). Web Workers are ES modules.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';

export const CESIUM_BASE_URL = '/cesium/';
const CESIUM_BUILD = 'node_modules/cesium/Build/Cesium';

export default defineConfig({
  plugins: [
    react(),
    viteStaticCopy({
      targets: ['Workers', 'Assets', 'Widgets', 'ThirdParty'].map((folder) => ({
        src: `${CESIUM_BUILD}/${folder}`,
        dest: 'cesium',
      })),
    }),
  ],
  define: {
    CESIUM_BASE_URL: JSON.stringify(CESIUM_BASE_URL),
  },
  worker: { format: 'es' },
  optimizeDeps: {
    // Pre-bundled up front so the first page load never triggers a re-optimisation reload.
    include: ['react', 'react-dom/client', 'react/jsx-runtime', 'three', '@react-three/fiber', '@react-three/drei', 'zustand', 'zustand/vanilla', 'comlink', 'cesium'],
  },
  build: { chunkSizeWarningLimit: 6000 },
});
