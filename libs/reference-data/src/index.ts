export * from './source';
export * from './regions';
export * from './industries';
export * from './agency-types';
export * from './holidays';
export * from './business-calendar';
export * from './identifiers';
export * from './crisis-coverage';
