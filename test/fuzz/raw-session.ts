/**
 * One raw TCP session against the broker: write the first buffer (a CONNECT or what stands in for it) and
 * wait for the CONNACK, write the rest of the batch and probe with PINGREQ to learn whether the broker
 * processed it and kept the connection, then write the tail (the case expected to end it). Waiting for
 * the CONNACK matters: aedes drops a client that queues more than 42 packets (its `queueLimit`) while its
 * CONNECT is still being authenticated. A broker that closes the socket on garbage is answering correctly.
 */
import * as net from 'node:net';
import { parser } from 'mqtt-packet';

export type SessionOutcome = 'alive' | 'closed' | 'timeout' | 'refused';

/** How the broker answered the head (its probe) and then the tail, if one was sent. */
export interface SessionResult {
  head: SessionOutcome;
  tail?: SessionOutcome;
}

export interface RawSessionOptions {
  port: number;
  /** Written at once after the TCP connect (CONNECT, then the batch). */
  head: Buffer[];
  /** Written after the probe, if the broker answered it; usually one case that should end the session. */
  tail: Buffer[];
  /** How long to wait for the probe's answer or the broker's close. */
  waitMs: number;
  /** How long to wait after the tail (a truncated packet leaves the broker waiting for bytes that never come). */
  tailWaitMs: number;
}

const PINGREQ = Buffer.from([0xc0, 0x00]);

export function runRawSession(options: RawSessionOptions): Promise<SessionResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ port: options.port, host: '127.0.0.1' });
    const incoming = parser({ protocolVersion: 4 });
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let onPong: (() => void) | undefined;
    let onConnack: (() => void) | undefined;
    let onClose: (() => void) | undefined;

    const finish = (result: SessionResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    /** Resolves when the broker sends the awaited packet, closes the socket, or `ms` pass. */
    const waitFor = (ms: number, awaited: 'pingresp' | 'connack') =>
      new Promise<SessionOutcome>((done) => {
        clearTimeout(timer);
        timer = setTimeout(() => done('timeout'), ms);
        onClose = () => done('closed');
        onPong = awaited === 'pingresp' ? () => done('alive') : undefined;
        onConnack = awaited === 'connack' ? () => done('alive') : undefined;
      });

    // What the broker sends is parsed only to spot PINGRESP; anything unparsable is ignored.
    incoming.on('packet', (packet) => {
      if (packet.cmd === 'pingresp') onPong?.();
      if (packet.cmd === 'connack') onConnack?.();
    });
    incoming.on('error', () => undefined);
    socket.on('data', (data: Buffer) => {
      try {
        incoming.parse(data);
      } catch {
        // a parser bug on our side must not end the session early
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => (onClose ? onClose() : finish({ head: 'refused' })));
    socket.setNoDelay(true);

    socket.once('connect', async () => {
      const [opening, ...rest] = options.head;
      const connack = waitFor(options.waitMs, 'connack');
      socket.write(opening ?? Buffer.alloc(0));
      const accepted = await connack;
      if (accepted !== 'alive') return finish({ head: accepted });
      const first = waitFor(options.waitMs, 'pingresp');
      socket.write(Buffer.concat([...rest, PINGREQ]));
      const head = await first;
      clearTimeout(timer);
      if (head !== 'alive' || options.tail.length === 0) return finish({ head });
      // A second probe ends the wait early when the tail left the connection up.
      const second = waitFor(options.tailWaitMs, 'pingresp');
      socket.write(Buffer.concat([...options.tail, PINGREQ]));
      finish({ head, tail: await second });
    });
  });
}
