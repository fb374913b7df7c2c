import { createHmac } from 'node:crypto';
import type { AlertEvent, Delivery } from '../../../schemas/alert';
import { alertText } from '../message';
import type { Channel } from './channel';
import { postBody } from './http-post';

export const SIGNATURE_HEADER = 'x-dengar-signature';
export const TIMESTAMP_HEADER = 'x-dengar-timestamp';
export const DELIVERY_HEADER = 'x-dengar-delivery';

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<raw body>`). The timestamp is signed too, so
 * a receiver can refuse replays older than a few minutes; the delivery id lets it drop duplicates.
 */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export interface WebhookPayload {
  type: 'dengar.alert';
  schemaVersion: 1;
  deliveryId: string;
  message: string;
  event: AlertEvent;
}

export function createWebhookChannel(
  opts: { name: string; url: string; secret: string; timeoutMs: number; allowPrivate: boolean },
  clock: () => Date,
): Channel {
  const url = new URL(opts.url);
  return {
    name: opts.name,
    kind: 'webhook',
    async send(event: AlertEvent, delivery: Delivery) {
      const payload: WebhookPayload = { type: 'dengar.alert', schemaVersion: 1, deliveryId: delivery.id, message: alertText(event), event };
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(clock().getTime() / 1000));
      await postBody(url, body, {
        headers: {
          'content-type': 'application/json; charset=utf-8',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(opts.secret, timestamp, body),
          [DELIVERY_HEADER]: delivery.id,
        },
        timeoutMs: opts.timeoutMs,
        allowPrivate: opts.allowPrivate,
      });
    },
  };
}
