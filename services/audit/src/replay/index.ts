export * from './as-of';
export * from './diff';
export * from './known-events';
export * from './replay.fold';
export * from './replay.state';
export * from './timeline';
