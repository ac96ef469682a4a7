import { createHmac } from 'node:crypto';

/**
 * The `Baton-Signature` header of a webhook request: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 *
 * How a receiver verifies a delivery (the secret is the one answered once, on subscribing):
 * 1. split the header on `,` into `t=…` and `v1=…`;
 * 2. compute `HMAC-SHA256(secret, "<t>.<raw request body>")` as lowercase hex, over the body bytes exactly
 *    as received (before any JSON parsing), and compare it with `v1` in constant time;
 * 3. reject a `t` too far from its own clock (e.g. more than 5 minutes): a replayed request keeps its old `t`;
 * 4. dedupe by `Baton-Event-Id` (the CloudEvents `id`): delivery is at-least-once, and each retry is signed
 *    anew (its own `t`) over the same body. `Baton-Event-Type` names the contract, as the body's `type` does.
 *
 * ```ts
 * const [t, v1] = header.split(',').map((part) => part.slice(part.indexOf('=') + 1));
 * const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
 * const ok =
 *   v1.length === expected.length && // timingSafeEqual throws on different lengths
 *   timingSafeEqual(Buffer.from(v1), Buffer.from(expected)) &&
 *   Math.abs(Date.now() / 1000 - Number(t)) < 300;
 * ```
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}
