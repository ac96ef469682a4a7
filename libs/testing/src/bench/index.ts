// Shared benchmark tooling (`@baton/testing/bench`): the PostgreSQL server and database a bench runs
// against, the report (metrics, goals, table, JSON and markdown), the environment block and small numeric
// helpers. A secondary entry point, so that test imports of `@baton/testing` stay light.
export * from './environment';
export * from './postgres';
export * from './report';
export * from './stats';
export * from './child';
export * from './servers';
export * from './system';
export * from './protocol';
export * from './profile';
export * from './query-counter';
export * from './open-loop';
export * from './sse';
