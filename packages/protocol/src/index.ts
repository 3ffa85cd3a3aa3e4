export * from './common.js';
export * from './errors.js';
export * from './shared-frames.js';
export * from './visitor.js';
export * from './agent.js';
export * from './rest.js';
export * from './parse.js';
