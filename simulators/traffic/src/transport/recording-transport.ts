/** In-memory transport: keeps every message in order. For tests and dry runs without a broker. */
import type { OutboundMessage } from '../engine/outbound-message';
import type { SimulatorTransport, TransportOpenOptions, TransportStats } from './simulator-transport';

export class RecordingTransport implements SimulatorTransport {
  readonly messages: OutboundMessage[] = [];
  openOptions: TransportOpenOptions | undefined;
  closed = false;

  async open(options: TransportOpenOptions): Promise<void> {
    this.openOptions = options;
  }

  publish(message: OutboundMessage): void {
    if (this.closed) throw new Error('transport is closed');
    this.messages.push(message);
  }

  async close(finalMessages: OutboundMessage[]): Promise<void> {
    for (const m of finalMessages) this.publish(m);
    this.closed = true;
  }

  stats(): TransportStats {
    return { published: this.messages.length, failed: 0 };
  }
}
