import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { allContracts, TOPICS } from '@baton/contracts';
import { BusContext, type IntegrationEvent } from '@baton/messaging';
import { LedgerWriter } from './ledger-writer';

/** The topics whose events concern a firm and go into its ledger (each message is keyed by the firm). */
export const LEDGERED_TOPICS = [TOPICS.firmRegistry, TOPICS.relay, TOPICS.crisisMonitoring] as const;

/**
 * Every published contract on those topics. An event type without a handler would be skipped by the bus
 * ("ignored") and show as a gap in the completeness report; one not in the contracts is dead-lettered.
 */
export const LEDGERED_TYPES: readonly string[] = allContracts
  .definitions()
  .filter((definition) => LEDGERED_TOPICS.some((topic) => topic.name === definition.topic.name))
  .map((definition) => definition.type);

/**
 * Records every integration event about a firm in the firm's ledger, in the inbox transaction
 * (`ctx.getManager()`): recorded once however often the bus delivers it.
 */
@Controller()
export class LedgerReactions {
  constructor(@Inject(LedgerWriter) private readonly writer: LedgerWriter) {}

  @EventPattern([...LEDGERED_TYPES])
  async record(@Payload() event: IntegrationEvent, @Ctx() ctx: BusContext): Promise<void> {
    const { topic, partition, offset } = ctx.getMessage();
    await this.writer.append(ctx.getManager(), event, { topic, partition, offset });
  }
}
