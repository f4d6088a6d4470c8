/** In-memory transport: keeps every message in order. For tests and dry runs without a broker. */
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import type { DeviceMessage } from '../engine/outbound-message';
import type { SimulatorTransport, TransportOpenOptions, TransportStats } from './simulator-transport';

export class RecordingTransport implements SimulatorTransport {
  readonly messages: DeviceMessage[] = [];
  openOptions: TransportOpenOptions | undefined;
  closed = false;

  async open(options: TransportOpenOptions): Promise<void> {
    this.openOptions = options;
  }

  publish(message: DeviceMessage): void {
    if (this.closed) throw new Error('transport is closed');
    this.messages.push(message);
  }

  async close(finalMessages: DeviceMessage[]): Promise<void> {
    for (const m of finalMessages) this.publish(m);
    this.closed = true;
  }

  /** Plays the centre: delivers a plan message to a controller as the broker would. */
  deliverPlan(controllerId: string, payload: unknown): void {
    if (!this.openOptions) throw new Error('transport is not open');
    this.openOptions.onPlan(controllerId, buildTopic('plan', controllerId), Buffer.from(JSON.stringify(payload)));
  }

  /** Plays the centre: delivers a command message to a controller as the broker would. */
  deliverCommand(controllerId: string, payload: unknown): void {
    if (!this.openOptions) throw new Error('transport is not open');
    this.openOptions.onCommand(controllerId, buildTopic('command', controllerId), Buffer.from(JSON.stringify(payload)));
  }

  stats(): TransportStats {
    return { published: this.messages.length, failed: 0 };
  }
}
