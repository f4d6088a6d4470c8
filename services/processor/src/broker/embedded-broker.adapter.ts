/** The embedded MQTT broker (aedes over TCP) used when no external broker (MQTT_URL) is configured. */
import * as net from 'node:net';
import { createBroker, type default as Aedes } from 'aedes';
import { createLogger } from '../logging/logger';

const log = createLogger('embedded-broker');

export interface EmbeddedBrokerStatus {
  listening: boolean;
  port: number;
  connectedClients: number;
}

export class EmbeddedBrokerAdapter {
  private readonly aedes: Aedes;
  private readonly server: net.Server;
  private boundPort = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    // Device messages have a 16 KiB contract limit; a generous broker-level ceiling stops abuse
    // while letting the ingest pipeline reject and dead-letter oversize payloads with a reason.
    this.aedes = createBroker({ id: 'arterial-embedded', maxClientsIdLength: 128 });
    this.aedes.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'client error'));
    this.server = net.createServer((socket) => this.aedes.handle(socket));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.port;
    log.info({ host: this.host, port: this.boundPort }, 'embedded MQTT broker listening');
    return this.boundPort;
  }

  status(): EmbeddedBrokerStatus {
    return { listening: this.server.listening, port: this.boundPort, connectedClients: this.aedes.connectedClients };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    log.info('embedded MQTT broker stopped');
  }
}
