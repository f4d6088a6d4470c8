import { buildTopic, validatePayload, type ControllerCommand } from '@arterial/contracts/mqtt/v1';
import { CommandIntake } from './command-intake';

const NOW = Date.UTC(2026, 0, 15, 8);
const TOPIC = buildTopic('command', 'A0');
const command = (over: Partial<ControllerCommand> = {}): ControllerCommand => ({
  commandId: 'c1', issuedAt: NOW, expiresAt: NOW + 60_000, action: 'hold-phase', phase: 2, reason: 'test', ...over,
});
const full = () => new CommandIntake('A0', { actions: ['hold-phase', 'flash', 'resume'], phases: [1, 2] });

describe(CommandIntake.name, () => {
  it('accepts a command once, handing it over, and answers a redelivery with the same ack', () => {
    const sut = full();
    const first = sut.receive(TOPIC, JSON.stringify(command()), NOW + 100);
    expect(first).toEqual({ ack: { commandId: 'c1', accepted: true, ts: NOW + 100 }, duplicate: false, command: command() });
    expect(validatePayload('command-ack', first.ack, { nowMs: NOW }).ok).toBe(true);
    expect(sut.receive(TOPIC, JSON.stringify(command()), NOW + 200)).toEqual({ ack: first.ack, duplicate: true });
  });

  it('rejects a command past expiresAt, issued in the future, or holding a phase it does not serve', () => {
    const sut = full();
    expect(sut.decide(command({ commandId: 'late' }), NOW + 60_000).ack).toEqual({ commandId: 'late', accepted: false, reason: 'expired', ts: NOW + 60_000 });
    expect(sut.decide(command({ commandId: 'ahead', issuedAt: NOW + 400_000, expiresAt: NOW + 460_000 }), NOW).ack.reason).toBe('issued-in-future');
    expect(sut.decide(command({ commandId: 'p9', phase: 9 }), NOW).ack.reason).toBe('unknown-phase');
  });

  it("answers 'unsupported' for an action the controller does not implement", () => {
    const sut = new CommandIntake('A0', { actions: [], phases: [1, 2] });
    const answer = sut.decide(command({ action: 'flash', phase: undefined }), NOW);
    expect(answer).toEqual({ ack: { commandId: 'c1', accepted: false, reason: 'unsupported', ts: NOW }, duplicate: false });
  });

  it('rejects a message that breaks the contract by its commandId, and ignores one without a readable id', () => {
    const sut = full();
    const broken = sut.receive(TOPIC, JSON.stringify({ ...command(), phase: undefined }), NOW);
    expect(broken.ack).toMatchObject({ commandId: 'c1', accepted: false, reason: expect.stringMatching(/^contract-semantic: hold-phase needs a phase/) });
    expect(sut.receive(TOPIC, 'not json', NOW)).toEqual({ ack: undefined, reason: expect.stringMatching(/^contract-bad-json/) });
    expect(sut.receive(buildTopic('plan', 'A0'), JSON.stringify(command()), NOW)).toEqual({ ack: undefined, reason: expect.stringMatching(/^contract-schema/) });
    expect(sut.receive(buildTopic('command', 'B1'), JSON.stringify(command()), NOW)).toEqual({ ack: undefined, reason: expect.stringMatching(/^contract-bad-topic/) });
  });
});
