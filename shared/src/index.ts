export * from './scales.ts';
export * from './errors.ts';
export * from './config.ts';
export * from './payloads.ts';
export * from './metrics.ts';
