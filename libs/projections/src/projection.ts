import type { RecordedEvent } from '@baton/eventsourcing';
import type { EventFilter } from '@baton/eventstore';
import type { EntityManager } from 'typeorm';

/**
 * A read model fed from the event store. `apply` runs inside the runner's transaction together with the
 * checkpoint update, so a batch is either fully applied and checkpointed or not at all.
 */
export interface Projection {
  /** Stable name: keys the checkpoint and the single-runner lock. */
  readonly name: string;
  readonly filter?: EventFilter;
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
  /** Empties the read model for a rebuild (e.g. TRUNCATE its tables). */
  reset(manager: EntityManager): Promise<void>;
}
