/** NGSI-LD client library (standalone: imports nothing else of the project). */
export * from './client';
export * from './errors';
export * from './parse';
export * from './normalise';
export * from './sse';
export * from './event-stream';
