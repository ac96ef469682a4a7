import { deterministicUuid } from '@baton/eventsourcing';

/**
 * The id of a seeded agency (REFDATA §3) from its slug, e.g. `daegu-technopark`: every service names the
 * same agency by the same id without sharing tables (the relay's directory, crisis routing, demo users).
 */
export const agencyIdOfSlug = (slug: string): string => deterministicUuid(`agency-seed:${slug}`);
