/**
 * Entry point. CESIUM_BASE_URL is set before anything imports Cesium (the map view is loaded
 * lazily), so Cesium finds its Workers, Assets and Widgets under /cesium (vite.config.ts).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './ui/styles.css';

declare global {
  interface Window {
    CESIUM_BASE_URL?: string;
  }
}
window.CESIUM_BASE_URL = '/cesium/';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
