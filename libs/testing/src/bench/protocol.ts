// The messages between the bench (parent) and the HTTP server it runs in a child process: the firm registry
// itself or the bare Fastify ceiling. A window brackets one load phase: the child reports its own CPU time
// and event-loop utilisation over it; a profile is a node:inspector CPU profile over one phase.
import type { ProfileSummary } from './profile';

export interface WindowResult {
  readonly wall_ms: number;
  /** Event-loop utilisation of the server process over the window (1.0 = never idle). */
  readonly elu: number;
  readonly cpu_user_ms: number;
  readonly cpu_system_ms: number;
  /** Process RSS at the end of the window. */
  readonly rss_mb: number;
  /** SQL statements the process sent over the window (query-counter.ts): total and the most frequent. */
  readonly queries: { readonly total: number; readonly top: { sql: string; count: number }[] };
}

export type ToChild =
  | { readonly type: 'window-start' }
  | { readonly type: 'window-end' }
  | { readonly type: 'profile-start' }
  | { readonly type: 'profile-stop' }
  | { readonly type: 'stop' };

export type FromChild =
  | { readonly type: 'ready'; readonly url: string; readonly pid: number }
  | { readonly type: 'window-started' }
  | { readonly type: 'window'; readonly result: WindowResult }
  | { readonly type: 'profile-started' }
  | { readonly type: 'profile'; readonly profile: ProfileSummary }
  | { readonly type: 'stopped' }
  | { readonly type: 'failed'; readonly error: string };
