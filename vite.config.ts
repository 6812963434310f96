/**
 * Vite: React, and CesiumJS's static build (Workers, Assets, Widgets, ThirdParty) served in dev and
 * copied on build under /cesium, the base URL Cesium loads them from (CESIUM_BASE_URL, also set
 * on window in src/main.tsx before Cesium is imported). The WebXR input profiles (controller
 * layouts of @webxr-input-profiles/assets, and the models of the Meta Quest and generic
 * controllers) under /xr-profiles, so headsets work with no internet (src/xr/xr-session.ts).
 * Web Workers are ES modules.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';

export const CESIUM_BASE_URL = '/cesium/';
const CESIUM_BUILD = 'node_modules/cesium/Build/Cesium';
const XR_PROFILES = 'node_modules/@webxr-input-profiles/assets/dist/profiles';
/** Controller models shipped (the rest fall back to rays only): Meta Quest 3/Pro/2 and generic. */
const XR_MODELS = ['meta-quest-touch-plus', 'meta-quest-touch-pro', 'oculus-touch-v3', 'generic-trigger-squeeze-thumbstick'];

export default defineConfig({
  plugins: [
    react(),
    viteStaticCopy({
      targets: [
        ...['Workers', 'Assets', 'Widgets', 'ThirdParty'].map((folder) => ({
          src: `${CESIUM_BUILD}/${folder}`,
          dest: 'cesium',
        })),
        // node_modules/@webxr-input-profiles/assets/dist/profiles/<id>/<file> → xr-profiles/<id>/<file>
        {
          src: [`${XR_PROFILES}/*.json`, `${XR_PROFILES}/*/profile.json`, ...XR_MODELS.map((m) => `${XR_PROFILES}/${m}/*.glb`)],
          dest: 'xr-profiles',
          rename: (name: string, extension: string, fullPath: string) => `${fullPath.replace(/\\/g, '/').split('/profiles/')[1]?.split('/').slice(0, -1).join('/') ?? ''}/${name}.${extension}`,
        },
      ],
    }),
  ],
  define: {
    CESIUM_BASE_URL: JSON.stringify(CESIUM_BASE_URL),
  },
  worker: { format: 'es' },
  optimizeDeps: {
    // Pre-bundled up front so the first page load never triggers a re-optimisation reload.
    // Every package the page and its workers import (found late, one would trigger "504 Outdated Optimize Dep" and a reload).
    include: [
      'react', 'react-dom/client', 'react/jsx-runtime', 'three', '@react-three/fiber', '@react-three/drei', '@react-three/xr', 'zustand', 'zustand/vanilla', 'comlink', 'cesium',
      'iwer', 'qrcode.react', 'uplot', 'ajv/dist/2020', 'earcut', 'delaunator', 'flatbush', 'fflate', 'pbf', 'proj4', 'saxes', 'shapefile', 'three-mesh-bvh', '3d-tiles-renderer',
    ],
  },
  build: { chunkSizeWarningLimit: 6000 },
});
