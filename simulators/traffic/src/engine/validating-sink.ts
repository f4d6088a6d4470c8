/**
 * Checks every outgoing message against the contract before it leaves, so the simulator can never feed the
 * centre something a real device must not send. A message that fails is dropped and counted, never half-sent.
 */
import { contractProblem } from '@arterial/device-kit';
import type { DeviceMessage, DeviceMessageSink } from './outbound-message';

export class ValidatingSink implements DeviceMessageSink {
  rejected = 0;

  constructor(
    private readonly next: DeviceMessageSink,
    private readonly onRejected: (message: DeviceMessage, detail: string) => void,
  ) {}

  publish(message: DeviceMessage): void {
    // Simulated time may run ahead of any centre clock; the future-timestamp rule is the receiver's, so it is not applied here.
    const problem = contractProblem(message, Number.MAX_SAFE_INTEGER);
    if (problem === undefined) {
      this.next.publish(message);
      return;
    }
    this.rejected++;
    this.onRejected(message, problem);
  }
}
