// The catalogue lives in src/errors/; this file only keeps `./errors.js` working for src/index.ts.
export * from './errors/index.js';
