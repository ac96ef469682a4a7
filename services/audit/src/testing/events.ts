import { randomUUID } from 'node:crypto';
import { allContracts, contextOf, TOPICS } from '@baton/contracts';
import type { IntegrationEvent } from '@baton/messaging';

/** A contract event about `firmId` as a service publishes it: the contract's example with `data` over it. */
export function eventAbout(
  firmId: string,
  type: string,
  data: Record<string, unknown>,
  attributes: Partial<IntegrationEvent> & { time: string },
): IntegrationEvent {
  const definition = allContracts.get(type);
  const event: IntegrationEvent = {
    id: randomUUID(),
    source: `/baton/${contextOf(type)}`,
    type,
    specversion: '1.0',
    subject: firmId,
    datacontenttype: 'application/json',
    actor: 'staff-7',
    actorrole: 'agency-staff',
    actoragency: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
    correlationid: randomUUID(),
    ...attributes,
    data: { ...(definition.example as Record<string, unknown>), firmId, ...data },
  };
  const check = allContracts.validate(type, event.data);
  if (!check.ok) throw new Error(`${type} example does not validate: ${JSON.stringify(check.errors)}`);
  return event;
}

/** The topic of an event type (one per context). */
export function topicOf(type: string): string {
  return allContracts.get(type).topic.name;
}

export const TOPIC_NAMES = [TOPICS.firmRegistry.name, TOPICS.relay.name, TOPICS.crisisMonitoring.name];
