export * from './event';
export * from './decider';
export * from './errors';
export * from './stream';
export * from './upcasting';
export * from './command-handler';
export * from './specification';
export * from './deterministic-id';
