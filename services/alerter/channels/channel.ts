import type { AlertEvent, Delivery } from '../../../schemas/alert';

/** A delivery failed; `retriable` says whether trying again later may work. */
export class ChannelError extends Error {
  override name = 'ChannelError';
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

export type ChannelKind = 'in_app' | 'webhook' | 'telegram' | 'email';

/** One configured notification target. Secrets stay inside the closure; `describe()` is what the API may show. */
export interface Channel {
  readonly name: string;
  readonly kind: ChannelKind;
  send(event: AlertEvent, delivery: Delivery): Promise<void>;
  close?(): Promise<void>;
}
