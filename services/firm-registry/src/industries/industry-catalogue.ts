import { CommandHandler, type StreamRevision } from '@baton/eventsourcing';
import type { EventStore } from '@baton/eventstore';
import { INDUSTRY_CATALOGUE_SEED } from '@baton/reference-data';
import { fromSeed, type CatalogueIndustry } from './industry';
import {
  CATALOGUE_STREAM,
  catalogueDecider,
  type Catalogue,
  type CatalogueCommand,
  type CatalogueEvent,
} from './industry-catalogue.decider';

/**
 * The catalogue as commands see it: the folded `industry-catalogue` stream, kept in memory and brought up
 * to date with one read of the events after the last one folded — so a just-added industry is usable at
 * once, with no projection lag.
 */
export class IndustryCatalogue {
  private readonly handler: CommandHandler<Catalogue, CatalogueCommand, CatalogueEvent>;
  private state: Catalogue = catalogueDecider.initialState();
  private revision: StreamRevision | undefined;
  private refreshing: Promise<Catalogue> | undefined;
  private refreshedAt = 0;

  constructor(private readonly store: EventStore) {
    this.handler = new CommandHandler(store, catalogueDecider);
  }

  /** Adds the sourced seed entries missing from the catalogue (idempotent: safe on every start). */
  async seed(now: string): Promise<number> {
    const result = await this.handler.handle(
      CATALOGUE_STREAM,
      {
        type: 'SeedCatalogue',
        data: { industries: INDUSTRY_CATALOGUE_SEED.map(fromSeed) },
        metadata: { now, actor: { userId: 'system:seed', role: 'admin' } },
      },
      { retryOnConflict: 3 },
    );
    return result.newEvents.length;
  }

  async handle(command: CatalogueCommand, options: { idempotencyKey?: string } = {}) {
    const result = await this.handler.handle(CATALOGUE_STREAM, command, { retryOnConflict: 3, ...options });
    await this.current();
    return result;
  }

  async current(): Promise<Catalogue> {
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Served from memory when folded less than a second ago; other replicas' additions show within that. */
  async industry(industryId: string): Promise<CatalogueIndustry | undefined> {
    const found = this.state.industries.get(industryId);
    if (found && Date.now() - this.refreshedAt < 1000) return found;
    return (await this.current()).industries.get(industryId);
  }

  async list(): Promise<CatalogueIndustry[]> {
    return [...(await this.current()).industries.values()];
  }

  private async refresh(): Promise<Catalogue> {
    const started = Date.now();
    for (;;) {
      const from = this.revision === undefined ? 0 : this.revision + 1;
      const page = await this.store.readStream(CATALOGUE_STREAM, { fromRevision: from, maxCount: 500 });
      for (const event of page.events) {
        this.state = catalogueDecider.evolve(this.state, {
          type: event.type,
          data: event.data,
        } as CatalogueEvent);
        this.revision = event.revision;
      }
      if (page.events.length < 500) break;
    }
    this.refreshedAt = started;
    return this.state;
  }
}
