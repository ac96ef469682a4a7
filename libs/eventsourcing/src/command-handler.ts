import { randomUUID } from 'node:crypto';
import type { Decider } from './decider';
import { deterministicUuid } from './deterministic-id';
import { WrongExpectedRevisionError } from './errors';
import type { Command, Event, EventMetadata } from './event';
import type { EventStreamStore, GlobalPosition, NewEvent, RecordedEvent, StreamRevision } from './stream';
import { UpcasterRegistry } from './upcasting';

export interface HandleOptions {
  /**
   * How many times to re-read and re-decide after a concurrency conflict. 0 (the default) surfaces the
   * conflict to the caller; only commands whose decision is safe to retry against newer state opt in.
   */
  readonly retryOnConflict?: number;
  /**
   * Makes a re-sent command harmless: the event ids derive from this key, and a stream that already
   * holds them answers with the original result instead of deciding again.
   */
  readonly idempotencyKey?: string;
  /** Overrides the revision read from the stream (e.g. the client's If-Match). */
  readonly expectedRevision?: StreamRevision;
  /**
   * The command usually creates its stream (a registration): decide on the initial state and append with
   * `no_stream` without reading first — one round trip instead of two. If the stream exists after all, the
   * append fails and the command is handled the normal way (read → decide), which does not use up a retry.
   * Ignored with an idempotency key, whose replay detection needs the stream read.
   */
  readonly expectNewStream?: boolean;
}

export interface HandleResult<State, E extends Event> {
  readonly newEvents: E[];
  readonly newState: State;
  /** Revision of the stream after the command; undefined if the stream still does not exist. */
  readonly nextExpectedRevision: StreamRevision | undefined;
  /** Position of the last appended event; undefined when nothing was appended. */
  readonly position: GlobalPosition | undefined;
  /** True when the idempotency key had already been handled and nothing new was written. */
  readonly alreadyHandled: boolean;
}

export interface CommandHandlerConfig {
  readonly upcasters?: UpcasterRegistry;
  /** Page size for reading long streams. */
  readonly readPageSize?: number;
}

/**
 * read stream → fold → decide → append with the expected revision. The decider stays pure; ids and
 * metadata are stamped here from the command's metadata.
 */
export class CommandHandler<State, C extends Command, E extends Event> {
  private readonly upcasters: UpcasterRegistry;
  private readonly pageSize: number;

  constructor(
    private readonly store: EventStreamStore,
    private readonly decider: Decider<State, C, E>,
    config: CommandHandlerConfig = {},
  ) {
    this.upcasters = config.upcasters ?? new UpcasterRegistry();
    this.pageSize = config.readPageSize ?? 1000;
  }

  async handle(streamId: string, command: C, options: HandleOptions = {}): Promise<HandleResult<State, E>> {
    if (
      options.expectNewStream &&
      options.idempotencyKey === undefined &&
      options.expectedRevision === undefined
    ) {
      const initial = this.decider.initialState();
      let decided: E[] | undefined;
      try {
        decided = this.decider.decide(command, initial);
      } catch {
        // Refused on the initial state: decide again on the real one below, which gives the right answer.
      }
      if (decided?.length) {
        try {
          return await this.append(streamId, command, initial, undefined, undefined, decided);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
        }
      }
    }
    const maxRetries = options.retryOnConflict ?? 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.handleOnce(streamId, command, options);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < maxRetries) continue;
        throw error;
      }
    }
  }

  /** Folds the stream into its current state (upcasting stored events). */
  async aggregate(
    streamId: string,
  ): Promise<{ state: State; revision: StreamRevision | undefined; events: RecordedEvent[] }> {
    let state = this.decider.initialState();
    let revision: StreamRevision | undefined;
    const events: RecordedEvent[] = [];
    let from = 0;
    for (;;) {
      const page = await this.store.readStream(streamId, { fromRevision: from, maxCount: this.pageSize });
      revision = page.currentRevision;
      for (const stored of page.events) {
        const event = this.upcasters.upcast(stored);
        events.push(event);
        state = this.decider.evolve(state, { type: event.type, data: event.data } as E);
      }
      if (page.events.length < this.pageSize) break;
      from = page.events[page.events.length - 1].revision + 1;
    }
    return { state, revision, events };
  }

  private async handleOnce(
    streamId: string,
    command: C,
    options: HandleOptions,
  ): Promise<HandleResult<State, E>> {
    const { state, revision, events } = await this.aggregate(streamId);

    if (options.idempotencyKey !== undefined) {
      const firstId = deterministicUuid(`${streamId}:${options.idempotencyKey}:0`);
      const at = events.findIndex((e) => e.id === firstId);
      if (at >= 0) {
        const mine = events
          .slice(at)
          .filter((e, i) => e.id === deterministicUuid(`${streamId}:${options.idempotencyKey}:${i}`));
        return {
          newEvents: mine.map((e) => ({ type: e.type, data: e.data }) as E),
          newState: state,
          nextExpectedRevision: revision,
          position: mine[mine.length - 1]?.position,
          alreadyHandled: true,
        };
      }
    }

    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      throw new WrongExpectedRevisionError(streamId, String(options.expectedRevision), revision);
    }
    return this.append(
      streamId,
      command,
      state,
      revision,
      options.idempotencyKey,
      this.decider.decide(command, state),
    );
  }

  private async append(
    streamId: string,
    command: C,
    state: State,
    revision: StreamRevision | undefined,
    idempotencyKey: string | undefined,
    newEvents: E[],
  ): Promise<HandleResult<State, E>> {
    if (newEvents.length === 0) {
      return {
        newEvents,
        newState: state,
        nextExpectedRevision: revision,
        position: undefined,
        alreadyHandled: false,
      };
    }

    const metadata = metadataFrom(command);
    const toAppend: NewEvent[] = newEvents.map((event, i) => ({
      id:
        idempotencyKey !== undefined ? deterministicUuid(`${streamId}:${idempotencyKey}:${i}`) : randomUUID(),
      type: event.type,
      data: event.data,
      schemaVersion: this.upcasters.currentVersion(event.type),
      metadata,
    }));
    const result = await this.store.appendToStream(streamId, toAppend, {
      expectedRevision: revision === undefined ? 'no_stream' : revision,
    });
    const newState = newEvents.reduce((s, e) => this.decider.evolve(s, e), state);
    return {
      newEvents,
      newState,
      nextExpectedRevision: result.nextExpectedRevision,
      position: result.position,
      alreadyHandled: false,
    };
  }
}

function metadataFrom(command: Command): EventMetadata {
  const m = command.metadata;
  return {
    occurredAt: m.now,
    ...(m.actor && { actor: m.actor }),
    ...(m.correlationId && { correlationId: m.correlationId }),
    ...(m.causationId && { causationId: m.causationId }),
    ...(m.traceparent && { traceparent: m.traceparent }),
  };
}
