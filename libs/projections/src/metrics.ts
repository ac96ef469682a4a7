import { Gauge, type Registry } from 'prom-client';
import type { ProjectionRunner } from './projection-runner';

/**
 * Prometheus gauges for projection runners, computed at scrape time:
 * baton_projection_lag_events, baton_projection_lag_seconds, baton_projection_active,
 * baton_projection_events_applied.
 */
export function registerProjectionMetrics(registry: Registry, runners: readonly ProjectionRunner[]): void {
  const lagEvents = new Gauge({
    name: 'baton_projection_lag_events',
    help: 'Events matching the projection not yet applied (counted up to 1000)',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const runner of runners) {
        const lag = await runner.lag();
        lagEvents.set({ projection: runner.name }, lag.events);
        lagSeconds.set({ projection: runner.name }, lag.seconds);
      }
    },
  });
  const lagSeconds = new Gauge({
    name: 'baton_projection_lag_seconds',
    help: 'Age of the oldest event not yet applied to the projection',
    labelNames: ['projection'],
    registers: [registry],
  });
  new Gauge({
    name: 'baton_projection_active',
    help: '1 when this process runs the projection, 0 when it stands by',
    labelNames: ['projection'],
    registers: [registry],
    collect() {
      for (const runner of runners) this.set({ projection: runner.name }, runner.status === 'active' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'baton_projection_events_applied',
    help: 'Events this process applied to the projection since start',
    labelNames: ['projection'],
    registers: [registry],
    collect() {
      for (const runner of runners) this.set({ projection: runner.name }, runner.eventsApplied);
    },
  });
}
