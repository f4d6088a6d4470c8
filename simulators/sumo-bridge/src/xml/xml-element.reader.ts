/**
 * Streaming reader for the attribute-only XML SUMO reads and writes (net, tripinfo, additional, config files).
 * saxes does the XML (all entity and character references, CDATA, comments, well-formedness with file:line:column
 * errors); this module feeds it a file chunk by chunk and hands each start tag, with its parent, to a visitor, so a
 * network of hundreds of MB is never held as one string. Text content and namespaces are ignored.
 */
import * as fs from 'node:fs';
import { SaxesParser } from 'saxes';
import { XmlTextDecoder } from './xml-text.decoder';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  /** Name of the enclosing element, '' at the root. */
  parent: string;
  /** The nearest enclosing element's attributes (e.g. the edge of a lane). */
  parentAttrs: Record<string, string>;
}

export type XmlVisitor = (element: XmlElement) => void;

export interface XmlReadOptions {
  /**
   * Accept a document that stops early (a simulation killed while writing its output): elements read so far are
   * visited and the missing end is not an error. Malformed XML before that still is.
   */
  allowTruncated?: boolean;
}

/** Opens a file as a stream of byte chunks; replaceable so callers (and specs) control chunking. */
export type OpenXmlFile = (file: string) => AsyncIterable<Uint8Array>;

/** 64 KiB chunks: large enough that the parser, not the file system, sets the pace. */
export const openXmlFile: OpenXmlFile = (file) => fs.createReadStream(file, { highWaterMark: 64 * 1024 });

/** Visits every element of an XML file, reading it as a stream. Rejects with `file:line:column: reason` on malformed XML. */
export async function visitXmlFile(file: string, visit: XmlVisitor, options: XmlReadOptions & { open?: OpenXmlFile } = {}): Promise<void> {
  const parser = elementParser(file, visit);
  const decoder = new XmlTextDecoder(file);
  for await (const bytes of (options.open ?? openXmlFile)(file)) parser.write(decoder.write(bytes));
  parser.write(decoder.end());
  if (!options.allowTruncated) parser.close();
}

/** Visits every element of XML already in memory (small files, specs). `name` appears in error messages. */
export function visitXmlText(xml: string, visit: XmlVisitor, name = 'xml', options: XmlReadOptions = {}): void {
  const parser = elementParser(name, visit);
  parser.write(xml);
  if (!options.allowTruncated) parser.close();
}

function elementParser(fileName: string, visit: XmlVisitor): SaxesParser {
  const parser = new SaxesParser({ fileName, position: true });
  const stack: { name: string; attrs: Record<string, string> }[] = [];
  // Without an error handler saxes throws from write()/close(), which is what callers want: stop at the first error.
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes as Record<string, string>)) attrs[key] = detached(value);
    const top = stack[stack.length - 1];
    visit({ name: tag.name, attrs, parent: top?.name ?? '', parentAttrs: top?.attrs ?? {} });
    stack.push({ name: tag.name, attrs });
  });
  // saxes reports a close for self-closing tags too, so push and pop always pair up.
  parser.on('closetag', () => void stack.pop());
  return parser;
}

/**
 * saxes cuts attribute values out of the chunk it was given, and V8 keeps such a slice (13 characters and longer)
 * pointing at the whole chunk: the ids and shapes a net reader keeps would pin every chunk, i.e. the whole file.
 * Flattening a concatenation copies the characters into a string of their own.
 */
function detached(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}
