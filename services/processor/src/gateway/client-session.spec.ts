import type { DetectorLive, ServerMessage } from '@arterial/contracts/live/v1';
import { ClientSession, type SocketLike } from './client-session';

function detector(id: string, volume: number): DetectorLive {
  return { id, ts: 1, intervalS: 10, volume, flowVph: volume * 360, occupancyPct: 5, speedKph: 40, health: 'ok' };
}

class FakeSocket implements SocketLike {
  bufferedAmount = 0;
  readonly sent: ServerMessage[] = [];
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ServerMessage);
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
});
