import {
  CommandHandler,
  deterministicUuid,
  type CommandMetadata,
  type HandleResult,
  type StreamRevision,
} from '@baton/eventsourcing';
import type { EventStore } from '@baton/eventstore';
import { positionToken, type RequestActor } from '@baton/platform';
import type { IndustryCatalogue } from '../industries/industry-catalogue';
import type { PersonalDataVault } from '../personal-data/personal-data-vault';
import type { Representative } from '../personal-data/sealed';
import { firmDecider, type Firm, type FirmCommand, type RegisterFirm } from './firm.decider';
import { FirmAlreadyRegistered } from './firm.errors';
import { firmStreamId, type FirmEvent, type StageScores } from './firm.events';

/** One firm per business registration number: the firm id derives from it (ADR 0010). */
export const firmIdFor = (brn: string): string => deterministicUuid(`baton:firm:brn:${brn}`);

/** What a command answers: the firm, its new revision (the ETag) and a position for read-your-writes. */
export interface CommandOutcome {
  readonly firmId: string;
  readonly revision: StreamRevision | null;
  readonly position: string | null;
  /** True when an `Idempotency-Key` had already been handled: nothing new was written. */
  readonly replayed: boolean;
  readonly events: readonly FirmEvent['type'][];
}

export interface CommandContext {
  readonly actor: RequestActor;
  readonly requestId?: string;
  readonly traceparent?: string;
  readonly idempotencyKey?: string;
  readonly expectedRevision?: StreamRevision;
}

export type RegistrationInput = Omit<RegisterFirm['data'], 'firmId' | 'representative' | 'industry'> & {
  representative: Representative;
};

/** The edge of the firm aggregate: looks things up, stamps metadata, runs the decider through the store. */
export class FirmCommands {
  private readonly handler: CommandHandler<Firm, FirmCommand, FirmEvent>;

  constructor(
    store: EventStore,
    readonly catalogue: IndustryCatalogue,
    private readonly vault: PersonalDataVault,
    readonly leadingThresholds: StageScores,
  ) {
    this.handler = new CommandHandler(store, firmDecider);
  }

  metadata(context: CommandContext): CommandMetadata {
    const { userId, role, agencyId } = context.actor;
    return {
      now: new Date().toISOString(),
      actor: { userId, role, ...(agencyId && { agencyId }) },
      ...(context.requestId && { correlationId: context.requestId }),
      ...(context.traceparent && { traceparent: context.traceparent }),
    };
  }

  async register(input: RegistrationInput, context: CommandContext): Promise<CommandOutcome> {
    const firmId = firmIdFor(input.businessRegistrationNumber);
    let representative;
    try {
      representative = await this.vault.seal(firmId, input.representative);
    } catch {
      // The key is gone: this number belonged to a firm whose personal data was erased.
      throw new FirmAlreadyRegistered(firmId, input.businessRegistrationNumber);
    }
    return this.execute(
      {
        type: 'RegisterFirm',
        data: {
          ...input,
          firmId,
          representative,
          industry: await this.catalogue.industry(input.industryId),
        },
        metadata: this.metadata(context),
      },
      context,
      { expectNewStream: true },
    );
  }

  /** The firm's industry now (to check it against a new region), or undefined if it is not active. */
  async currentIndustryOf(firmId: string): Promise<string | undefined> {
    const { state } = await this.handler.aggregate(firmStreamId(firmId));
    return state.status === 'active' ? state.industryId : undefined;
  }

  sealRepresentative(firmId: string, representative: Representative) {
    return this.vault.seal(firmId, representative);
  }

  /**
   * Runs a command. Without `If-Match` a conflict is retried against the newer state (the decider
   * decides again, so nothing is overwritten blindly); with it, the conflict is the client's to resolve.
   */
  async execute(
    command: FirmCommand,
    context: CommandContext,
    options: { expectNewStream?: boolean } = {},
  ): Promise<CommandOutcome> {
    const firmId = command.data.firmId;
    const result: HandleResult<Firm, FirmEvent> = await this.handler.handle(firmStreamId(firmId), command, {
      idempotencyKey: context.idempotencyKey,
      expectedRevision: context.expectedRevision,
      retryOnConflict: context.expectedRevision === undefined ? 3 : 0,
      ...options,
    });
    return {
      firmId,
      revision: result.nextExpectedRevision ?? null,
      position: result.position ? positionToken(result.position) : null,
      replayed: result.alreadyHandled,
      events: result.newEvents.map((e) => e.type),
    };
  }
}
