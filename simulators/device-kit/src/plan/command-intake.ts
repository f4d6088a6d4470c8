/**
 * A controller's intake of operator commands (contract v1.1 `command`), the same for every emulated controller:
 * the contract's decoder (schema and cross-field rules), then the controller's own checks on its clock (expired,
 * issued in the future, a phase it does not serve, an action it does not implement), then the contract's
 * CommandAck. Each commandId is answered once: a QoS 1 redelivery gets the same ack and changes nothing.
 */
import { decodeMessage, isValidId, MAX_CLOCK_SKEW_MS, type CommandAck, type CommandAction, type ControllerCommand } from '@arterial/contracts/mqtt/v1';
import { truncateReason } from '@arterial/contracts/network';

/** Reasons a controller gives when it rejects a command; stable, so the centre can count them. */
export const COMMAND_REJECTIONS = {
  expired: 'expired',
  unsupported: 'unsupported',
  unknownPhase: 'unknown-phase',
  issuedInFuture: 'issued-in-future',
} as const;

export interface CommandAnswer {
  ack: CommandAck;
  duplicate: boolean;
  /** Present when this message newly accepted the command: the caller carries it out now. */
  command?: ControllerCommand;
}

export interface CommandIgnored {
  ack: undefined;
  reason: string;
}

export interface CommandCapabilities {
  /** Actions the controller implements; anything else is answered 'unsupported'. */
  actions: readonly CommandAction[];
  /** Phases a hold may name (the controller's sequence). */
  phases: readonly number[];
}

const REMEMBERED_ACKS = 256;

export class CommandIntake {
  private readonly answers = new Map<string, CommandAck>();

  constructor(
    readonly controllerId: string,
    private readonly capabilities: CommandCapabilities,
  ) {}

  /** A message from the controller's command topic, at controller time nowMs. */
  receive(topic: string, raw: Uint8Array | string, nowMs: number): CommandAnswer | CommandIgnored {
    // Clock rules are the controller's own, below, on its clock.
    const decoded = decodeMessage(topic, raw, { nowMs: 0, maxClockSkewMs: Number.POSITIVE_INFINITY });
    if (decoded.ok && decoded.kind === 'command' && decoded.deviceId === this.controllerId) return this.decide(decoded.payload, nowMs);
    const reason = decoded.ok ? `contract-bad-topic: ${topic} is not the command topic of ${this.controllerId}` : `contract-${decoded.reason}: ${decoded.detail}`;
    // Only a message on this controller's own command topic is answered.
    const ownTopic = !decoded.ok && decoded.topic?.kind === 'command' && decoded.topic.deviceId === this.controllerId;
    const commandId = ownTopic ? commandIdOf(raw) : undefined;
    if (commandId === undefined) return { ack: undefined, reason };
    return this.answer({ commandId, accepted: false, reason: truncateReason(reason), ts: nowMs });
  }

  /** A command that passed the contract: checked against the controller's clock and what it can do. */
  decide(command: ControllerCommand, nowMs: number): CommandAnswer {
    const known = this.answers.get(command.commandId);
    if (known) return { ack: known, duplicate: true };
    const rejection = this.rejection(command, nowMs);
    if (rejection) return this.answer({ commandId: command.commandId, accepted: false, reason: rejection, ts: nowMs });
    return { ...this.answer({ commandId: command.commandId, accepted: true, ts: nowMs }), command };
  }

  private rejection(command: ControllerCommand, nowMs: number): string | undefined {
    if (!this.capabilities.actions.includes(command.action)) return COMMAND_REJECTIONS.unsupported;
    if (command.expiresAt <= nowMs) return COMMAND_REJECTIONS.expired;
    if (command.issuedAt > nowMs + MAX_CLOCK_SKEW_MS) return COMMAND_REJECTIONS.issuedInFuture;
    if (command.action === 'hold-phase' && !this.capabilities.phases.includes(command.phase!)) return COMMAND_REJECTIONS.unknownPhase;
    return undefined;
  }

  private answer(ack: CommandAck): CommandAnswer {
    this.answers.set(ack.commandId, ack);
    if (this.answers.size > REMEMBERED_ACKS) this.answers.delete(this.answers.keys().next().value!);
    return { ack, duplicate: false };
  }
}

function commandIdOf(raw: Uint8Array | string): string | undefined {
  try {
    const value: unknown = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
    const id = typeof value === 'object' && value !== null ? (value as { commandId?: unknown }).commandId : undefined;
    return typeof id === 'string' && isValidId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
