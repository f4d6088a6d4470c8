import { sniffXmlEncoding, XmlTextDecoder } from './xml-text.decoder';

const bytesOf = (s: string, encoding: BufferEncoding): Buffer => Buffer.from(s, encoding);

describe(XmlTextDecoder.name, () => {
  const decodeInChunks = (bytes: Uint8Array, size: number): string => {
    const sut = new XmlTextDecoder('f.xml');
    let text = '';
    for (let i = 0; i < bytes.length; i += size) text += sut.write(bytes.subarray(i, i + size));
    return text + sut.end();
  };

  it('keeps UTF-8 characters that are split across chunks', () => {
    const xml = '<net><edge name="中山路 Straße"/></net>';
    for (const size of [1, 2, 3, 7]) expect(decodeInChunks(bytesOf(xml, 'utf8'), size)).toBe(xml);
  });
  it('decodes in the encoding the XML declaration names, even when the declaration spans chunks', () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><net><edge name="Straße"/></net>';
    expect(decodeInChunks(bytesOf(xml, 'latin1'), 5)).toBe(xml);
  });
  it('follows a UTF-16 byte order mark and drops it', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><a b="中"/>';
    expect(decodeInChunks(Buffer.concat([Buffer.from([0xff, 0xfe]), bytesOf(xml, 'utf16le')]), 3)).toBe(xml);
  });
  it('rejects bytes that are not valid in the encoding, and unknown encodings, naming the file', () => {
    expect(() => decodeInChunks(Buffer.from([0x3c, 0x61, 0xff, 0x2f, 0x3e]), 64)).toThrow('f.xml: bytes that are not valid utf-8');
    expect(() => decodeInChunks(bytesOf('<?xml version="1.0" encoding="klingon"?><a/>', 'latin1'), 64)).toThrow('f.xml: unsupported encoding "klingon"');
  });
});

describe(sniffXmlEncoding.name, () => {
  it('prefers a byte order mark, then the declaration, then UTF-8', () => {
    expect(sniffXmlEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x3c]))).toBe('utf-8');
    expect(sniffXmlEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x3c]))).toBe('utf-16be');
    expect(sniffXmlEncoding(bytesOf('<?xml', 'utf16le'))).toBe('utf-16le');
    expect(sniffXmlEncoding(bytesOf("<?xml version='1.0' encoding='windows-1252' ?>", 'latin1'))).toBe('windows-1252');
    expect(sniffXmlEncoding(bytesOf('<net encoding="latin1"/>', 'latin1'))).toBe('utf-8');
  });
});
