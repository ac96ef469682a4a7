export * from './canonical';
export * from './chain';
export * from './digest';
export * from './firm-export';
export * from './keys';
