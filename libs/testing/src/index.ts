export * from './postgres';
export * from './kafka';
export * from './services';
export * from './fixtures';
