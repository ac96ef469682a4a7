export * from './projection';
export * from './combined';
export * from './projection-runner';
export * from './checkpoints';
export * from './metrics';
