import type { DataSource } from 'typeorm';
import { PeriodicTask } from '../periodic';
import type { Logger } from '../logging';
import { signWebhook } from './webhook-signature';

export interface WebhookDispatcherOptions {
  readonly pollMs: number;
  /** Backoff after the n-th failure: base × 2^(n-1), at most an hour. */
  readonly backoffBaseMs: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
}

interface Due {
  delivery_id: string;
  url: string;
  secret: string;
  payload: unknown;
  attempts: number;
  event_id: string;
  event_type: string;
}

/**
 * Sends due webhook deliveries (the `webhook_*` tables of `WEBHOOK_TABLES_SQL`, in the data source's schema):
 * claimed with SKIP LOCKED under a lease (replicas share the work; a crashed sender's lease runs out and the
 * delivery is retried), signed (`signWebhook`), retried with exponential backoff, every attempt's status kept
 * as the delivery log. At-least-once: receivers dedupe by `Baton-Event-Id`.
 */
export class WebhookDispatcher {
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly options: WebhookDispatcherOptions,
  ) {
    this.task = new PeriodicTask('webhook round', options.pollMs, () => this.tick(), logger);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async tick(): Promise<number> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [due]: [Due[], number] = await this.dataSource.query(
      `UPDATE webhook_deliveries d SET status = 'sending', lease_until = now() + interval '60 seconds'
       FROM webhook_subscriptions s
       WHERE d.subscription_id = s.subscription_id AND d.delivery_id IN (
         SELECT delivery_id FROM webhook_deliveries
         WHERE next_attempt_at <= now()
           AND (status IN ('pending', 'retrying') OR (status = 'sending' AND lease_until < now()))
         ORDER BY next_attempt_at FOR UPDATE SKIP LOCKED LIMIT 20)
       RETURNING d.delivery_id, s.url, s.secret, d.payload, d.attempts, d.event_id, d.event_type`,
    );
    await Promise.all(due.map((delivery) => this.send(delivery)));
    return due.length;
  }

  private async send(delivery: Due): Promise<void> {
    const body = JSON.stringify(delivery.payload);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/cloudevents+json',
          'baton-event-id': delivery.event_id,
          'baton-event-type': delivery.event_type,
          'baton-signature': signWebhook(delivery.secret, body, new Date()),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (cause) {
      error = (cause as Error).message;
    }
    const attempts = delivery.attempts + 1;
    if (!error) {
      await this.dataSource.query(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, last_status = $3, last_error = NULL,
           delivered_at = now(), lease_until = NULL WHERE delivery_id = $1`,
        [delivery.delivery_id, attempts, status],
      );
      return;
    }
    const failed = attempts >= this.options.maxAttempts;
    const backoffMs = Math.min(this.options.backoffBaseMs * 2 ** (attempts - 1), 3_600_000);
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status = $4, last_error = $5, lease_until = NULL,
         next_attempt_at = now() + make_interval(secs => $6) WHERE delivery_id = $1`,
      [delivery.delivery_id, failed ? 'failed' : 'retrying', attempts, status, error, backoffMs / 1000],
    );
    if (failed)
      this.logger.warn({ deliveryId: delivery.delivery_id, error }, 'webhook delivery failed for good');
  }
}
