/**
 * A device message whose payload was parsed before it reached the centre: replay parses each recorded line once and
 * hands ingest the value. Ingest runs the same contract validation on it as on text; only the text's size limit, UTF-8
 * and JSON steps have nothing left to check (the value came from JSON text), unless the text may be oversize.
 */
import type { InboundMessage } from '../broker/broker-connection';

export class ParsedInboundMessage implements InboundMessage {
  private bytes: Buffer | undefined;

  constructor(
    readonly topic: string,
    /** What `JSON.parse` of the payload text gives. */
    readonly value: unknown,
    /** Not fewer UTF-8 bytes than the payload text has. */
    readonly payloadBytesAtMost: number,
    readonly receivedAt: number,
  ) {}

  /** The payload text as a device publishes it, made only when asked (a dead letter keeps an excerpt of it). */
  get payload(): Buffer {
    this.bytes ??= Buffer.from(JSON.stringify(this.value));
    return this.bytes;
  }
}
