export * from './port';
export * from './errors';
export * from './validation';
export * from './postgres';
