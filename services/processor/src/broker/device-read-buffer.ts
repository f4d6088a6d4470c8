/**
 * How much a device socket reads ahead of the broker. aedes reads a client's next batch only once the last one is
 * handled, so while back-pressure holds a publish the socket buffers what the device keeps sending, up to its
 * readable high-water mark, and only then stops reading so that TCP pushes back on the device. Node's default mark
 * (16 KiB) × thousands of paused devices is tens of MB buffered in the processor, and every buffered publish becomes
 * a held one at the next read; a small mark leaves that backlog in the device and the kernel's socket buffers.
 * Throughput is unchanged: a read still takes whatever chunk the socket delivers, the mark only decides whether to
 * read the next one before the broker asks.
 */
import type { Duplex } from 'node:stream';

export const DEVICE_READ_AHEAD_BYTES = 2048;

export function limitReadAhead(socket: Duplex, bytes = DEVICE_READ_AHEAD_BYTES): void {
  // The mark is fixed at construction in Node's public API; the stream reads this field at every push.
  const state = (socket as unknown as { _readableState?: { highWaterMark: number } })._readableState;
  if (state && state.highWaterMark > bytes) state.highWaterMark = bytes;
}
