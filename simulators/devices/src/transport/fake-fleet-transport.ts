/** In-memory fleet transport for specs: records every publish; tests decide when connects succeed, fail or drop. */
import type { ConnectionEvents, ConnectionSpec, DeviceConnection, DeviceTransport, PublishDone, WireMessage } from '@arterial/device-kit';

export interface FakePublish {
  clientId: string;
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}

export class FakeConnection implements DeviceConnection {
  connected = false;
  attempts = 0;
  /** Last will sent with the most recent attempt, as the broker would hold it. */
  will: { topic: string; payload: string } | undefined;
  pending = false;
  ended = false;
  destroyed = false;

  constructor(
    readonly spec: ConnectionSpec,
    private readonly events: ConnectionEvents,
    private readonly owner: FakeFleetTransport,
  ) {}

  connect(): void {
    this.attempts += 1;
    this.will = this.spec.will ? { topic: this.spec.will.topic, payload: this.spec.will.payload() } : undefined;
    this.pending = true;
    if (this.owner.autoAccept) this.accept();
  }

  accept(): void {
    this.pending = false;
    this.connected = true;
    this.events.onConnect();
  }

  fail(error = new Error('connection refused')): void {
    this.pending = false;
    this.connected = false;
    this.events.onClose(error);
  }

  publish(message: WireMessage, done: PublishDone = () => undefined): void {
    if (!this.connected) {
      done(new Error('not connected'));
      return;
    }
    this.owner.published.push({ clientId: this.spec.clientId, ...message });
    done(this.owner.failPublishes ? new Error('publish failed') : undefined);
  }

  async end(): Promise<void> {
    this.connected = false;
    this.ended = true;
  }

  destroy(): void {
    // An abrupt drop: the broker would now publish the will.
    if (this.connected && this.will) this.owner.willsFired.push(this.will);
    this.connected = false;
    this.destroyed = true;
  }
}

export class FakeFleetTransport implements DeviceTransport {
  readonly connections: FakeConnection[] = [];
  readonly published: FakePublish[] = [];
  readonly willsFired: Array<{ topic: string; payload: string }> = [];
  autoAccept = true;
  failPublishes = false;

  create(spec: ConnectionSpec, events: ConnectionEvents): DeviceConnection {
    const connection = new FakeConnection(spec, events, this);
    this.connections.push(connection);
    return connection;
  }
}
