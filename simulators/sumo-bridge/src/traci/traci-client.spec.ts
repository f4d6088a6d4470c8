import * as net from 'node:net';
import { GET, TraciClient, TraciCommandError } from './traci-client';
import { MessageSplitter } from './traci-codec';

/** A fake SUMO answering each request with the next hand-built reply body. */
async function fakeSumo(replies: Buffer[]): Promise<{ port: number; requests: Buffer[]; close: () => Promise<void> }> {
  const requests: Buffer[] = [];
  const server = net.createServer((socket) => {
    const splitter = new MessageSplitter();
    socket.on('data', (chunk: Buffer) => {
      for (const body of splitter.push(chunk)) {
        requests.push(body);
        const reply = replies.shift() ?? Buffer.alloc(0);
        const header = Buffer.alloc(4);
        header.writeInt32BE(reply.length + 4);
        socket.write(Buffer.concat([header, reply]));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { port, requests, close: () => new Promise((r) => server.close(() => r())) };
}

const ok = (cmd: number): Buffer => Buffer.from([7, cmd, 0, 0, 0, 0, 0]);

describe(TraciClient.name, () => {
  it('reads the version, a loop count, steps and reports command errors', async () => {
    const sumo = await fakeSumo([
      Buffer.concat([ok(0x00), Buffer.from([14, 0x00, 0, 0, 0, 20, 0, 0, 0, 4]), Buffer.from('SUMO', 'latin1')]),
      Buffer.concat([ok(0xa0), Buffer.from([14, 0xb0, 0x10, 0, 0, 0, 2, 0x4c, 0x31, 0x09, 0, 0, 0, 3])]),
      Buffer.concat([ok(0x02), Buffer.from([0, 0, 0, 0])]),
      Buffer.from([10, 0xa2, 0xff, 0, 0, 0, 3, 0x62, 0x61, 0x64]),
    ]);
    const sut = await TraciClient.connect(sumo.port);
    try {
      expect(await sut.getVersion()).toEqual({ apiVersion: 20, identifier: 'SUMO' });
      expect(await sut.inductionLoopVehicleNumber('L1')).toBe(3);
      await sut.simulationStep();
      await expect(sut.tlsState('X')).rejects.toBeInstanceOf(TraciCommandError);
      expect(sumo.requests[2]).toEqual(Buffer.from([10, 0x02, 0, 0, 0, 0, 0, 0, 0, 0]));
    } finally {
      (sut as unknown as { socket: net.Socket }).socket.destroy();
      await sumo.close();
    }
  });

  it('reads many values in one message, answers in order', async () => {
    const sumo = await fakeSumo([
      Buffer.concat([
        ok(0xa2), Buffer.from([14, 0xb2, 0x28, 0, 0, 0, 2, 0x41, 0x30, 0x09, 0, 0, 0, 2]),
        ok(0xa2), Buffer.from([18, 0xb2, 0x2d, 0, 0, 0, 2, 0x41, 0x30, 0x0b, 0x40, 0x45, 0, 0, 0, 0, 0, 0]),
      ]),
    ]);
    const sut = await TraciClient.connect(sumo.port);
    try {
      const [phase, nextSwitch] = await sut.getMany([GET.tlsPhase('A0'), GET.tlsNextSwitch('A0')]);
      expect(phase?.int()).toBe(2);
      expect(nextSwitch?.double()).toBe(42);
      // Two get commands in one message: 9-byte commands for variable 0x28 then 0x2d.
      expect(sumo.requests[0]).toEqual(Buffer.from([9, 0xa2, 0x28, 0, 0, 0, 2, 0x41, 0x30, 9, 0xa2, 0x2d, 0, 0, 0, 2, 0x41, 0x30]));
    } finally {
      (sut as unknown as { socket: net.Socket }).socket.destroy();
      await sumo.close();
    }
  });
});
