/**
 * Where the app takes its district from: the demo generator (in the browser) and the importers
 * (in a Web Worker, through the import client).
 */
export { generateDemoDistrict } from '../twin/demo';
export { createImportClient } from './import-client';
