export * from './port';
export * from './filter';
export * from './errors';
export * from './validation';
export * from './postgres';
