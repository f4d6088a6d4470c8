/**
 * Sends controller commands (hold a phase, flash, resume) on the contract's `command` topic at QoS 1 and tracks their
 * acknowledgements on the centre's clock: an answer settles the command; none within the acknowledgement timeout
 * (retries included, as for plans) settles it as `timeout`. Outcomes go to whoever asked, through `settled$`.
 */
import { NotJunctionOwnerError } from '../../cluster/cluster.errors';
import { JUNCTION_OWNERSHIP, type JunctionOwnership } from '../../cluster/junction-ownership';
import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { buildTopic, MESSAGE_ROUTES, validatePayload, type CommandAck, type ControllerCommand } from '@arterial/contracts/mqtt/v1';
import { Subject, type Observable, type Subscription } from 'rxjs';
import { BROKER_CONNECTION, type BrokerConnection } from '../../broker/broker-connection';
import { CLOCK, type Clock } from '../../clock/clock';
import { ClockTicker } from '../../clock/clock-ticker';
import { ACCEPTED_MESSAGES, type AcceptedMessages } from '../../ingest/accepted-messages';
import { createLogger } from '../../logging/logger';
import { InvalidOverrideError } from '../control.errors';
import { DEFAULT_PLAN_DELIVERY_OPTIONS, PLAN_DELIVERY_OPTIONS, type PlanDeliveryOptions } from '../plan-delivery';

const log = createLogger('controller-commands');

export type CommandRequest = Pick<ControllerCommand, 'action' | 'reason' | 'expiresAt'> & { phase?: number };

export interface CommandOutcome {
  intersectionId: string;
  commandId: string;
  outcome: 'accepted' | 'rejected' | 'timeout';
  reason: string | null;
}

interface Pending {
  intersectionId: string;
  command: ControllerCommand;
  attempts: number;
  deadline: number;
}

@Injectable()
export class ControllerCommandsService implements OnModuleInit, OnModuleDestroy {
  private readonly pending = new Map<string, Pending>();
  private readonly settled = new Subject<CommandOutcome>();
  readonly settled$: Observable<CommandOutcome> = this.settled.asObservable();
  private readonly options: PlanDeliveryOptions;
  private readonly ticker: ClockTicker;
  private subscription: Subscription | undefined;
  private counter = 0;

  constructor(
    @Inject(BROKER_CONNECTION) private readonly broker: BrokerConnection,
    @Inject(ACCEPTED_MESSAGES) private readonly accepted$: AcceptedMessages,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(PLAN_DELIVERY_OPTIONS) options: PlanDeliveryOptions | null = null,
    // Absent (replay, tests): this centre owns every junction.
    @Optional() @Inject(JUNCTION_OWNERSHIP) private readonly ownership: JunctionOwnership | null = null,
  ) {
    this.options = options ?? DEFAULT_PLAN_DELIVERY_OPTIONS;
    this.ticker = new ClockTicker(clock, { periodMs: this.options.pollMs, pollMs: Math.min(50, this.options.pollMs) }, (boundary) => this.poll(boundary));
  }

  onModuleInit(): void {
    this.subscription = this.accepted$.subscribe((message) => {
      if (message.kind === 'command-ack') this.recordAck(message.deviceId, message.payload);
    });
    this.ticker.start();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.ticker.stop();
    this.settled.complete();
  }

  /** Validates and publishes a command; throws InvalidOverrideError when it breaks the contract. */
  async send(intersectionId: string, request: CommandRequest): Promise<ControllerCommand> {
    if (this.ownership && !this.ownership.owns(intersectionId)) throw new NotJunctionOwnerError(intersectionId, this.ownership.status().instanceId);
    const now = this.clock.now();
    const candidate = { commandId: this.nextCommandId(now), issuedAt: now, ...request };
    const contract = validatePayload('command', candidate, { nowMs: now });
    if (!contract.ok) throw new InvalidOverrideError(`command refused by the contract: ${contract.reason}: ${contract.detail}`);
    const command = contract.payload;
    await this.publish(intersectionId, command);
    this.pending.set(command.commandId, { intersectionId, command, attempts: 1, deadline: now + this.options.ackTimeoutMs });
    return command;
  }

  recordAck(intersectionId: string, ack: CommandAck): void {
    const pending = this.pending.get(ack.commandId);
    if (!pending || pending.intersectionId !== intersectionId) {
      log.warn({ intersectionId, commandId: ack.commandId }, 'acknowledgement for a command this centre is not waiting for');
      return;
    }
    this.pending.delete(ack.commandId);
    this.settled.next({ intersectionId, commandId: ack.commandId, outcome: ack.accepted ? 'accepted' : 'rejected', reason: ack.reason ?? null });
  }

  /** Retries and timeouts due at nowMs (the ticker calls it; tests may call it directly). */
  poll(nowMs = this.clock.now()): void {
    for (const [commandId, pending] of this.pending) {
      if (pending.deadline > nowMs) continue;
      if (pending.attempts <= this.options.retries && pending.command.expiresAt > nowMs) {
        pending.attempts += 1;
        pending.deadline = nowMs + Math.min(this.options.maxWaitMs, this.options.ackTimeoutMs * 2 ** (pending.attempts - 1));
        this.publish(pending.intersectionId, pending.command).catch((error: unknown) => log.warn({ err: (error as Error).message, commandId }, 'command retry not published'));
        continue;
      }
      this.pending.delete(commandId);
      this.settled.next({ intersectionId: pending.intersectionId, commandId, outcome: 'timeout', reason: `no acknowledgement after ${pending.attempts} attempts` });
    }
  }

  private async publish(intersectionId: string, command: ControllerCommand): Promise<void> {
    const route = MESSAGE_ROUTES.command;
    await this.broker.publish(buildTopic('command', intersectionId), JSON.stringify(command), { qos: route.qos, retain: route.retained });
  }

  private nextCommandId(nowMs: number): string {
    this.counter = (this.counter + 1) % 1_679_616;
    return `k${nowMs.toString(36)}-${this.counter.toString(36)}`;
  }
}
