import type { Role } from '@baton/platform';

/** Who may read ledgers (issue 7): auditors, the ministry and administrators — read only, all of them. */
export const LEDGER_READERS: Role[] = ['auditor', 'ministry', 'admin'];
