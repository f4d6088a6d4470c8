import * as net from 'node:net';
import { PassThrough } from 'node:stream';
import { DEVICE_READ_AHEAD_BYTES, limitReadAhead } from './device-read-buffer';

describe('limitReadAhead', () => {
  it("lowers a socket's readable high-water mark and never raises one", () => {
    const socket = new net.Socket();
    expect(socket.readableHighWaterMark).toBeGreaterThan(DEVICE_READ_AHEAD_BYTES);
    limitReadAhead(socket);
    expect(socket.readableHighWaterMark).toBe(DEVICE_READ_AHEAD_BYTES);
    const small = new PassThrough({ readableHighWaterMark: 512 });
    limitReadAhead(small);
    expect(small.readableHighWaterMark).toBe(512);
    socket.destroy();
  });

  it('stops reading ahead once the mark is buffered, so the rest stays with the sender', () => {
    const stream = new PassThrough();
    limitReadAhead(stream, 1024);
    expect(stream.push(Buffer.alloc(600))).toBe(true);
    // Past the mark the stream asks its source to stop: for a socket, libuv stops reading and TCP pushes back.
    expect(stream.push(Buffer.alloc(600))).toBe(false);
    expect(stream.readableLength).toBe(1200);
  });
});
