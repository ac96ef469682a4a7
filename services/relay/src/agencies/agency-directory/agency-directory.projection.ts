import type { RecordedEvent } from '@baton/eventsourcing';
import type { Projection } from '@baton/projections';
import type { EntityManager } from 'typeorm';
import { AGENCY_STREAM_PREFIX, type AgencyEvent } from '../agency.events';

/** The agencies directory as proposals and lists need it: type, regions, phases, capacity, active. */
export const agencyDirectoryProjection: Projection = {
  name: 'relay.agency-directory',
  filter: { streamPrefixes: [AGENCY_STREAM_PREFIX] },
  async apply(events: readonly RecordedEvent[], manager: EntityManager) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as AgencyEvent;
      switch (event.type) {
        case 'AgencyRegistered': {
          const d = event.data;
          await manager.query(
            `INSERT INTO agencies (agency_id, type, name_ko, name_en, regions_served, phases_supported, capacity, active,
                                   confidence, source)
             VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8, $9) ON CONFLICT (agency_id) DO NOTHING`,
            [
              d.agencyId,
              d.type,
              d.nameKo,
              d.nameEn,
              d.regionsServed,
              d.phasesSupported,
              d.capacity,
              d.confidence,
              d.source,
            ],
          );
          break;
        }
        case 'AgencyProfileUpdated': {
          const c = event.data.changes as Record<string, unknown>;
          await manager.query(
            `UPDATE agencies SET name_ko = COALESCE($2, name_ko), name_en = COALESCE($3, name_en),
               regions_served = COALESCE($4, regions_served), phases_supported = COALESCE($5, phases_supported)
             WHERE agency_id = $1`,
            [
              event.data.agencyId,
              c.nameKo ?? null,
              c.nameEn ?? null,
              c.regionsServed ?? null,
              c.phasesSupported ?? null,
            ],
          );
          break;
        }
        case 'AgencyCapacityChanged':
          await manager.query('UPDATE agencies SET capacity = $2 WHERE agency_id = $1', [
            event.data.agencyId,
            event.data.capacity,
          ]);
          break;
        case 'AgencyDeactivated':
        case 'AgencyReactivated':
          await manager.query('UPDATE agencies SET active = $2 WHERE agency_id = $1', [
            event.data.agencyId,
            event.type === 'AgencyReactivated',
          ]);
          break;
        case 'StaffMemberAdded':
        case 'StaffMemberRemoved':
          break;
      }
    }
  },
  async reset(manager: EntityManager) {
    await manager.query('TRUNCATE agencies');
  },
};
