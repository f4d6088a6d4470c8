/** Sends only what the contract allows: every payload is checked with the contract's validators before it leaves. */
import type { MessageKind, V1Messages } from '@arterial/contracts/mqtt/v1';
import type { DeviceConnection } from '../mqtt/device-connection';
import { contractProblem, ContractViolation, toWire, type ContractMessage } from './contract-message';

export type WireSender = Pick<DeviceConnection, 'publish'>;

export class ContractPublisher {
  constructor(
    private readonly sender: WireSender,
    /** The device's clock for the future-timestamp rule. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Checks and sends; rejects with ContractViolation (nothing sent) or the connection's error. QoS 1 settles on PUBACK. */
  publish<K extends MessageKind>(kind: K, deviceId: string, payload: V1Messages[K]): Promise<void> {
    const message = { kind, deviceId, payload } as ContractMessage;
    const problem = contractProblem(message, this.clock());
    if (problem) return Promise.reject(new ContractViolation(`${kind} for ${deviceId} breaks contract v1 (${problem})`));
    return new Promise((resolve, reject) => this.sender.publish(toWire(message), (err) => (err ? reject(err) : resolve())));
  }
}
