/**
 * The fleet's transport on real brokers: the device kit's MQTT connection (which alone imports mqtt), one attempt
 * per connect() because the fleet paces and counts its retries itself, and never towards anything but loopback.
 */
import { MqttDeviceTransport, type ConnectionEvents, type ConnectionSpec, type DeviceConnection, type DeviceTransport } from '@arterial/device-kit';
import { assertLoopbackUrl } from './loopback';

export interface MqttFleetTransportOptions {
  url: string;
  /** How long one attempt waits for CONNACK. */
  connectTimeoutMs?: number;
  keepaliveS?: number;
  username?: string;
  password?: string;
}

export class MqttFleetTransport implements DeviceTransport {
  private readonly devices: MqttDeviceTransport;

  constructor(options: MqttFleetTransportOptions) {
    assertLoopbackUrl(options.url);
    // No retry policy and nothing queued offline: the fleet retries with backoff and counts what it skipped.
    this.devices = new MqttDeviceTransport(options);
  }

  create(spec: ConnectionSpec, events: ConnectionEvents): DeviceConnection {
    return this.devices.create(spec, events);
  }
}
