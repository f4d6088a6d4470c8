/**
 * TraCI wire format: big-endian, a message is a 4-byte total length followed by commands; a command is a length
 * (one ubyte, or 0 then a 4-byte int when it exceeds 255) followed by its id and content. Strings are latin1
 * with a 4-byte length prefix. Typed values carry a one-byte type tag.
 */
import { TYPE } from './traci-constants';

export class TraciProtocolError extends Error {
  override readonly name = 'TraciProtocolError';
}

/** Builds command content; every `typed*` method writes the type tag first. */
export class TraciWriter {
  private readonly chunks: Buffer[] = [];

  ubyte(v: number): this {
    return this.push(Buffer.from([v & 0xff]));
  }
  byte(v: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    return this.push(b);
  }
  int(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.push(b);
  }
  double(v: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    return this.push(b);
  }
  string(v: string): this {
    const bytes = Buffer.from(v, 'latin1');
    return this.int(bytes.length).push(bytes);
  }
  stringList(v: readonly string[]): this {
    this.int(v.length);
    for (const s of v) this.string(s);
    return this;
  }
  typedInt(v: number): this {
    return this.ubyte(TYPE.INTEGER).int(v);
  }
  typedDouble(v: number): this {
    return this.ubyte(TYPE.DOUBLE).double(v);
  }
  typedString(v: string): this {
    return this.ubyte(TYPE.STRING).string(v);
  }
  typedStringList(v: readonly string[]): this {
    return this.ubyte(TYPE.STRING_LIST).stringList(v);
  }
  /** A compound header: the items follow, each typed. */
  compound(itemCount: number): this {
    return this.ubyte(TYPE.COMPOUND).int(itemCount);
  }
  bytes(b: Buffer): this {
    return this.push(b);
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
  private push(b: Buffer): this {
    this.chunks.push(b);
    return this;
  }
}

/** Reads values in order from a buffer; throws TraciProtocolError on truncation or unexpected type tags. */
export class TraciReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  get offset(): number {
    return this.pos;
  }
  remaining(): number {
    return this.buf.length - this.pos;
  }
  ubyte(): number {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  byte(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }
  int(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  double(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  string(): string {
    const n = this.int();
    this.need(n);
    const v = this.buf.toString('latin1', this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  stringList(): string[] {
    const n = this.int();
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.string());
    return out;
  }
  expectType(type: number): void {
    const t = this.ubyte();
    if (t !== type) throw new TraciProtocolError(`expected type 0x${type.toString(16)}, got 0x${t.toString(16)} at ${this.pos - 1}`);
  }
  typedInt(): number {
    this.expectType(TYPE.INTEGER);
    return this.int();
  }
  typedDouble(): number {
    this.expectType(TYPE.DOUBLE);
    return this.double();
  }
  typedString(): string {
    this.expectType(TYPE.STRING);
    return this.string();
  }
  typedStringList(): string[] {
    this.expectType(TYPE.STRING_LIST);
    return this.stringList();
  }
  /** Reads a compound header and returns its item count. */
  compound(): number {
    this.expectType(TYPE.COMPOUND);
    return this.int();
  }
  /** Reads a command length (short or extended form) and returns the content length after the length field. */
  commandLength(): number {
    const short = this.ubyte();
    if (short !== 0) return short - 1;
    return this.int() - 5;
  }
  /** A sub-reader over the next n bytes, advancing past them. */
  slice(n: number): TraciReader {
    this.need(n);
    const r = new TraciReader(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return r;
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new TraciProtocolError(`truncated: need ${n} bytes at ${this.pos}, have ${this.buf.length - this.pos}`);
  }
}

/** One command: id plus content, framed with the short or extended length form. */
export function encodeCommand(commandId: number, content: Buffer): Buffer {
  const shortLength = 1 + 1 + content.length;
  if (shortLength <= 255) return Buffer.concat([Buffer.from([shortLength, commandId]), content]);
  const header = Buffer.alloc(6);
  header.writeUInt8(0, 0);
  header.writeInt32BE(1 + 4 + 1 + content.length, 1);
  header.writeUInt8(commandId, 5);
  return Buffer.concat([header, content]);
}

/** A message: 4-byte total length (including itself) then the commands. */
export function encodeMessage(commands: readonly Buffer[]): Buffer {
  const body = Buffer.concat(commands);
  const header = Buffer.alloc(4);
  header.writeInt32BE(body.length + 4);
  return Buffer.concat([header, body]);
}

/** Content of a get command: variable id, object id, then optional typed parameters. */
export function getCommandContent(variable: number, objectId: string, params?: Buffer): Buffer {
  const w = new TraciWriter().ubyte(variable).string(objectId);
  if (params) w.bytes(params);
  return w.toBuffer();
}

export interface StatusResponse {
  commandId: number;
  result: number;
  description: string;
}

/** Every command is answered first by a status response: length, command id, result code, description. */
export function readStatus(r: TraciReader): StatusResponse {
  const length = r.commandLength();
  const body = r.slice(length);
  const commandId = body.ubyte();
  const result = body.ubyte();
  const description = body.string();
  return { commandId, result, description };
}

/**
 * Incremental splitter for the TCP stream: feed chunks, get complete message bodies (without the 4-byte length).
 */
export class MessageSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    while (this.pending.length >= 4) {
      const total = this.pending.readInt32BE(0);
      if (total < 4) throw new TraciProtocolError(`bad message length ${total}`);
      if (this.pending.length < total) break;
      out.push(this.pending.subarray(4, total));
      this.pending = this.pending.subarray(total);
    }
    return out;
  }
}
