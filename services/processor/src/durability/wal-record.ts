/**
 * One write-ahead-log record: an inbound MQTT message exactly as the broker accepted it (topic, payload bytes,
 * centre receive time). Ingest rebuilds every stored point from these three, so a replayed record stores the same
 * point as the original did.
 *
 * Frame: `u32 bodyLength | u32 crc32(body) | body`, body: `f64 receivedAt | u16 topicBytes | topic | payload`,
 * little endian. A crash mid-append leaves a short or mismatching last frame, which decoding stops at.
 */
import { crc32 } from './crc32';

export interface WalMessage {
  topic: string;
  payload: Buffer;
  /** Centre clock at arrival, epoch ms. */
  receivedAt: number;
}

const FRAME_HEADER_BYTES = 8;
const BODY_HEADER_BYTES = 10;
/** Topics are at most a few hundred bytes (the broker input guard bounds them); u16 is plenty. */
const MAX_TOPIC_BYTES = 0xffff;

export function encodeWalRecord(message: WalMessage): Buffer {
  const topicBytes = Buffer.byteLength(message.topic);
  if (topicBytes > MAX_TOPIC_BYTES) throw new Error(`topic of ${topicBytes} bytes cannot be logged`);
  const bodyBytes = BODY_HEADER_BYTES + topicBytes + message.payload.length;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + bodyBytes);
  frame.writeUInt32LE(bodyBytes, 0);
  frame.writeDoubleLE(message.receivedAt, FRAME_HEADER_BYTES);
  frame.writeUInt16LE(topicBytes, FRAME_HEADER_BYTES + 8);
  frame.write(message.topic, FRAME_HEADER_BYTES + BODY_HEADER_BYTES, 'utf8');
  message.payload.copy(frame, FRAME_HEADER_BYTES + BODY_HEADER_BYTES + topicBytes);
  frame.writeUInt32LE(crc32(frame, FRAME_HEADER_BYTES), 4);
  return frame;
}

export interface DecodedWalRecord {
  message: WalMessage;
  /** Offset just past this record's frame. */
  end: number;
}

/** The record framed at `offset`, or undefined when the bytes there are not a whole, intact frame (a torn tail). */
export function decodeWalRecord(bytes: Buffer, offset: number): DecodedWalRecord | undefined {
  if (offset + FRAME_HEADER_BYTES > bytes.length) return undefined;
  const bodyBytes = bytes.readUInt32LE(offset);
  const start = offset + FRAME_HEADER_BYTES;
  const end = start + bodyBytes;
  if (bodyBytes < BODY_HEADER_BYTES || end > bytes.length) return undefined;
  if (crc32(bytes, start, end) !== bytes.readUInt32LE(offset + 4)) return undefined;
  const topicBytes = bytes.readUInt16LE(start + 8);
  const topicEnd = start + BODY_HEADER_BYTES + topicBytes;
  if (topicEnd > end) return undefined;
  return {
    message: {
      receivedAt: bytes.readDoubleLE(start),
      topic: bytes.toString('utf8', start + BODY_HEADER_BYTES, topicEnd),
      // A copy: the segment buffer is large and would otherwise stay alive for every replayed payload.
      payload: Buffer.from(bytes.subarray(topicEnd, end)),
    },
    end,
  };
}
