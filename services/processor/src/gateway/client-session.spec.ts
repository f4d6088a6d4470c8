import type { DetectorLive, ServerMessage } from '@arterial/contracts/live/v1';
import { ClientSession, DISCONNECT_HIGH_WATER_FACTOR, type SocketLike } from './client-session';

function detector(id: string, volume: number): DetectorLive {
  return { id, ts: 1, intervalS: 10, volume, flowVph: volume * 360, occupancyPct: 5, speedKph: 40, health: 'ok' };
}

class FakeSocket implements SocketLike {
  bufferedAmount = 0;
  readonly sent: ServerMessage[] = [];
  terminated = false;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ServerMessage);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe(ClientSession.name, () => {
  it('holds only the latest value per entity while the socket is congested, then sends it', () => {
    const socket = new FakeSocket();
    const sut = new ClientSession(socket, 1000);
    socket.bufferedAmount = 5000;
    for (let v = 0; v < 100; v += 1) {
      sut.enqueue([detector('d1', v), detector('d2', v)], []);
      expect(sut.flush(v)).toBe(false);
    }
    expect(sut.pendingCount()).toBe(2);
    socket.bufferedAmount = 0;
    expect(sut.flush(200)).toBe(true);
    expect(socket.sent).toHaveLength(1);
    const delta = socket.sent[0];
    expect(delta?.type).toBe('delta');
    expect(delta?.type === 'delta' && delta.detectors.map((d) => d.volume)).toEqual([99, 99]);
    expect(sut.pendingCount()).toBe(0);
  });

  it('cuts off a client too far behind for messages that are sent at once, rather than buffer them without bound', () => {
    const socket = new FakeSocket();
    const sut = new ClientSession(socket, 1000);
    const alerts: ServerMessage = { type: 'alerts', serverTime: 1, alerts: [] };
    socket.bufferedAmount = 1000 * DISCONNECT_HIGH_WATER_FACTOR;
    sut.send(alerts);
    expect(socket.terminated).toBe(false);
    socket.bufferedAmount += 1;
    sut.send(alerts);
    expect(socket.terminated).toBe(true);
    expect(socket.sent).toHaveLength(1);
  });
});
