export * from './postgres-event-store';
export { migrateSchema } from './migrate';
export { quoteIdent } from './schema';
