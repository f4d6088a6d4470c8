/** A TCP port for a private server (SUMO's TraCI, a test broker, a private InfluxDB). */
import * as net from 'node:net';

/** A TCP port on `host` that was free a moment ago (the OS picks it); another process may take it before it is used. */
export async function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
