import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { type OpenXmlFile, visitXmlFile, visitXmlText, type XmlElement } from './xml-element.reader';

const elementsOf = (xml: string): XmlElement[] => {
  const seen: XmlElement[] = [];
  visitXmlText(xml, (e) => seen.push(e), 'doc.xml');
  return seen;
};

/** Serves `xml` in chunks of `size` bytes, counting how many were handed out. */
const chunked = (xml: string, size: number): { open: OpenXmlFile; served: () => number } => {
  let served = 0;
  const bytes = Buffer.from(xml, 'utf8');
  return {
    served: () => served,
    open: async function* () {
      for (let i = 0; i < bytes.length; i += size) {
        served++;
        yield bytes.subarray(i, i + size);
      }
    },
  };
};

describe(visitXmlText.name, () => {
  it('yields start tags with decoded attributes and their parent', () => {
    const sut = elementsOf(`<a x='1'><b y="&lt;&amp;&gt;&quot;&apos;"/><c/><d><e/></d></a>`);
    expect(sut.map((e) => [e.name, e.parent])).toEqual([['a', ''], ['b', 'a'], ['c', 'a'], ['d', 'a'], ['e', 'd']]);
    expect(sut[1]?.attrs).toEqual({ y: `<&>"'` });
    expect(sut[1]?.parentAttrs).toEqual({ x: '1' });
  });
  it('decodes decimal and hexadecimal character references, including outside the BMP', () => {
    const [sut] = elementsOf('<edge name="Stra&#223;e &#x4E2D;&#x5c71;路 &#x1F6A6; A&amp;B"/>');
    expect(sut?.attrs.name).toBe('Straße 中山路 🚦 A&B');
  });
  it('skips the declaration, comments, CDATA, processing instructions and a doctype', () => {
    const sut = elementsOf(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE net>
<!-- <edge id="commented"/> -->
<net><![CDATA[<edge id="cdata"/>]]><?pi <edge id="pi"/>?><edge id="real"/></net>`);
    expect(sut.map((e) => e.attrs.id ?? e.name)).toEqual(['net', 'real']);
  });
  it('rejects malformed XML with file, line and column', () => {
    expect(() => elementsOf('<net>\n  <edge id="a">\n</net>')).toThrow(/^doc\.xml:3:\d+: unexpected close tag/);
    expect(() => elementsOf('<net>\n<edge name="&nbsp;"/></net>')).toThrow(/^doc\.xml:2:\d+: undefined entity/);
    expect(() => elementsOf('<net><edge id="a"/>')).toThrow(/^doc\.xml:1:\d+: unclosed tag: net/);
  });
  it('accepts a document cut short only when asked to', () => {
    const seen: string[] = [];
    visitXmlText('<tripinfos><tripinfo id="a"/><tripinfo id="b', (e) => seen.push(e.name), 'cut.xml', { allowTruncated: true });
    expect(seen).toEqual(['tripinfos', 'tripinfo']);
  });
});

describe(visitXmlFile.name, () => {
  const xml = `<net>${Array.from({ length: 200 }, (_, i) => `<junction id="J${i}" name="&#x4E2D;${i}"/>`).join('\n')}</net>`;

  it('visits elements while the file is still being read', async () => {
    const source = chunked(xml, 256);
    const servedAtFirstJunction: number[] = [];
    const names: string[] = [];
    await visitXmlFile('net.xml', (e) => {
      if (e.name === 'junction' && servedAtFirstJunction.length === 0) servedAtFirstJunction.push(source.served());
      names.push(e.attrs.name ?? '');
    }, { open: source.open });
    expect(source.served()).toBe(Math.ceil(Buffer.byteLength(xml) / 256));
    expect(servedAtFirstJunction).toEqual([1]);
    expect(names.slice(1, 3)).toEqual(['中0', '中1']);
    expect(names).toHaveLength(201);
  });
  it('reads from disk in chunks and names the file and line of an error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-xml-'));
    try {
      const file = path.join(dir, 'broken.net.xml');
      fs.writeFileSync(file, xml.replace('<junction id="J150"', '<junction id=J150'));
      await expect(visitXmlFile(file, () => undefined)).rejects.toThrow(new RegExp(`^${file.replace(/[.\\]/g, '\\$&')}:151:\\d+: `));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('keeps no chunk alive through the values a visitor keeps', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const padding = 'x'.repeat(2000);
    const big = `<tripinfos>${Array.from({ length: 4000 }, (_, i) => `<tripinfo id="vehicle-${String(i).padStart(8, '0')}" pad="${padding}"/>`).join('')}</tripinfos>`;
    const source = chunked(big, 64 * 1024);
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    await visitXmlFile('trips.xml', (e) => void (e.attrs.id && kept.push(e.attrs.id)), { open: source.open });
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    expect(kept).toHaveLength(4000);
    // 8 MB of XML; the 4000 ids need about 0.2 MB. A value that still points into its chunk would keep all 8 MB.
    expect(retained).toBeLessThan(Buffer.byteLength(big) / 8);
  });
  it('rejects when the file cannot be opened', async () => {
    await expect(visitXmlFile('/nonexistent/arterial.net.xml', () => undefined)).rejects.toThrow('/nonexistent/arterial.net.xml');
  });
});
