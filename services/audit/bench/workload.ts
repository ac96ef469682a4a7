// The bench's ledgers: contract events as the firm registry, the relay and crisis monitoring publish them,
// in a plausible mix per firm (registration, indicator reports, profile changes, stage assessments, support
// cases with hand-offs and outcomes, crisis warnings), with business times spread over the past years.
import { randomUUID } from 'node:crypto';
import type { IntegrationEvent } from '@baton/messaging';
import { eventAbout } from '../src/testing/events';

const DAY = 86_400_000;
const TP = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const CCEI = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const kst = (ms: number) => `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;

/** `count` events about `firmId`, the first its registration, business times from ~6 years ago to yesterday. */
export function firmEvents(firmId: string, count: number): IntegrationEvent[] {
  const start = Date.now() - 6 * 365 * DAY;
  const step = (6 * 365 * DAY - DAY) / count;
  const events: IntegrationEvent[] = [];
  let caseId: string | undefined;
  let proposalId: string | undefined;
  let holder = TP;
  let warningId: string | undefined;
  for (let i = 0; i < count; i++) {
    const at = kst(start + i * step);
    const year = 2020 + Math.floor((i * 6) / count);
    const add = (type: string, data: Record<string, unknown>) =>
      events.push(eventAbout(firmId, type, data, { time: at }));
    if (i === 0) {
      add('firm-registry.firm-registered.v1', {
        businessRegistrationNumber: String(1_000_000_000 + (i % 1000)),
        registeredAt: at,
      });
      continue;
    }
    switch (i % 20) {
      case 1:
      case 6:
      case 11:
      case 16:
        add('firm-registry.indicators-reported.v1', { period: `${year}-Q${1 + (i % 4)}`, reportedAt: at });
        break;
      case 2:
        add('firm-registry.firm-profile-amended.v1', { name: `주식회사 벤치${i % 7}`, amendedAt: at });
        break;
      case 3:
        add('firm-registry.growth-stage-assessed.v1', {
          stage: i % 40 === 3 ? 'leading' : 'preliminary',
          effectiveAt: at,
        });
        break;
      case 4:
        caseId = randomUUID();
        holder = TP;
        add('relay.case-opened.v1', { caseId, holderAgencyId: TP, openedAt: at });
        break;
      case 5:
      case 12:
        if (!caseId) break;
        proposalId = randomUUID();
        add('relay.handoff-proposed.v1', {
          caseId,
          proposalId,
          fromAgencyId: holder,
          toAgencyId: holder === TP ? CCEI : TP,
          proposedAt: at,
        });
        break;
      case 7:
      case 14:
        if (!caseId || !proposalId) break;
        add('relay.handoff-accepted.v1', {
          caseId,
          proposalId,
          fromAgencyId: holder,
          toAgencyId: holder === TP ? CCEI : TP,
          acceptedAt: at,
        });
        holder = holder === TP ? CCEI : TP;
        proposalId = undefined;
        break;
      case 8:
        if (caseId)
          add('relay.outcome-recorded.v1', {
            caseId,
            outcomeId: randomUUID(),
            recordedByAgencyId: holder,
            recordedAt: at,
          });
        break;
      case 9:
        warningId = randomUUID();
        add('crisis-monitoring.warning-raised.v1', { warningId, raisedAt: at });
        break;
      case 13:
        if (warningId) add('crisis-monitoring.warning-level-changed.v1', { warningId });
        break;
      case 17:
        if (warningId) add('crisis-monitoring.warning-resolved.v1', { warningId, resolvedAt: at });
        warningId = undefined;
        break;
      default:
        add('firm-registry.indicators-reported.v1', { period: `${year}`, reportedAt: at });
    }
  }
  // Cases that were skipped (no open case yet) leave the count short: top up with indicator reports.
  while (events.length < count)
    events.push(
      eventAbout(
        firmId,
        'firm-registry.indicators-reported.v1',
        { period: '2025', reportedAt: kst(Date.now() - DAY) },
        {
          time: kst(Date.now() - DAY),
        },
      ),
    );
  return events;
}
