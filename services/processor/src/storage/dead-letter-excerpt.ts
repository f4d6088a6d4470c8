/**
 * Text limits of a dead-letter record, and the one cut every producer and store applies: at a UTF-8
 * character boundary, so an excerpt never ends in half a character (which would decode to U+FFFD).
 */

/** Dead letters keep enough of the payload to diagnose the device, not enough to fill the database. */
export const DEAD_LETTER_EXCERPT_BYTES = 512;
export const DEAD_LETTER_TOPIC_BYTES = 256;
export const DEAD_LETTER_DETAIL_BYTES = 1024;

/** 10xxxxxx: a byte inside a multi-byte character, never the start of one. */
const isContinuationByte = (byte: number) => (byte & 0xc0) === 0x80;

/**
 * The longest prefix of at most maxBytes UTF-8 bytes that ends between characters, as text. Takes the raw
 * payload (no need to decode a large message to keep 512 bytes of it) or a string. Bytes that were never
 * valid UTF-8 still decode to U+FFFD: that is the device's payload, not the cut.
 */
export function truncateUtf8(value: string | Uint8Array, maxBytes: number): string {
  if (typeof value === 'string' && value.length * 3 <= maxBytes) return value;
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (bytes.length <= maxBytes) return typeof value === 'string' ? value : bytes.toString('utf8');
  let end = maxBytes;
  // A UTF-8 character is at most 4 bytes, so at most 3 steps back reach its first byte.
  for (let back = 0; back < 3 && end > 0 && isContinuationByte(bytes[end]!); back += 1) end -= 1;
  return bytes.toString('utf8', 0, end);
}
