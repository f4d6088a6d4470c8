import * as net from 'node:net';
import { freeTcpPort } from './free-port';

describe(freeTcpPort.name, () => {
  it('returns a port a server can then listen on', async () => {
    const port = await freeTcpPort();
    expect(port).toBeGreaterThan(0);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    expect((server.address() as net.AddressInfo).port).toBe(port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
