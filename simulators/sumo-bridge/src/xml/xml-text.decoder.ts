/**
 * Bytes of an XML file → text, chunk by chunk, in the encoding the file declares (XML 1.0 appendix F): a byte order
 * mark, else the `encoding` of the XML declaration, else UTF-8. Decoding itself is the platform's TextDecoder, which
 * keeps multi-byte characters split across chunks intact.
 */
import { TextDecoder } from 'node:util';

/** Enough for any XML declaration; a file shorter than this is sniffed once it ends. */
const SNIFF_BYTES = 1024;

export class XmlTextDecoder {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private decoder: TextDecoder | undefined;

  constructor(private readonly fileName: string) {}

  /** The encoding in use, once known. */
  get encoding(): string | undefined {
    return this.decoder?.encoding;
  }

  /** Text of this chunk; '' while the head of the file is still being collected to find its encoding. */
  write(bytes: Uint8Array): string {
    if (this.decoder) return this.decode(bytes, true);
    this.head.push(bytes);
    this.headBytes += bytes.length;
    return this.headBytes >= SNIFF_BYTES || bytes.includes(0x3e /* '>' ends the declaration */) ? this.flushHead(true) : '';
  }

  /** The rest of the text at the end of the file. */
  end(): string {
    return this.decoder ? this.decode(new Uint8Array(0), false) : this.flushHead(false);
  }

  private flushHead(stream: boolean): string {
    const head = Buffer.concat(this.head);
    this.head = [];
    const label = sniffXmlEncoding(head);
    try {
      // fatal: bytes that are not valid in the declared encoding are an error in XML, not U+FFFD.
      this.decoder = new TextDecoder(label, { fatal: true });
    } catch {
      throw new Error(`${this.fileName}: unsupported encoding "${label}"`);
    }
    return this.decode(head, stream);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return (this.decoder as TextDecoder).decode(bytes, { stream });
    } catch {
      throw new Error(`${this.fileName}: bytes that are not valid ${this.encoding ?? ''}`);
    }
  }
}

/** WHATWG encoding label of an XML document from its first bytes. */
export function sniffXmlEncoding(head: Uint8Array): string {
  const [b0, b1, b2, b3] = head;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  // '<?' in UTF-16 without a byte order mark.
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) return 'utf-16le';
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) return 'utf-16be';
  // The declaration is ASCII in every encoding that can declare itself (the UTF-16 cases are handled above).
  const declaration = /^<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([A-Za-z][\w.-]*)"|'([A-Za-z][\w.-]*)')/.exec(Buffer.from(head).toString('latin1'));
  return (declaration?.[1] ?? declaration?.[2] ?? 'utf-8').toLowerCase();
}
