import { relayContracts } from '@baton/contracts';
import { createWebhooksController } from '@baton/platform';
import { RELAY_DATA_SOURCE } from '../cases/case-board/case-board.controller';

/** `agencies/:agencyId/webhooks`: an agency's subscriptions to the relay events concerning it, and their log. */
export const WebhooksController = createWebhooksController({
  eventTypes: relayContracts.map((c) => c.type),
  dataSourceToken: RELAY_DATA_SOURCE,
  service: 'relay',
});
