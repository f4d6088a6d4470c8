import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MESSAGE_KINDS } from '../mqtt/v1/topics';
import { loadVectors, parseVectorFile, runVector, VectorFormatError, type ContractVector } from './load-vectors';

const MIN_VALID_PER_KIND = 3;
const MIN_INVALID_PER_KIND = 10;

describe('committed vectors', () => {
  const vectors = loadVectors();

  it.each(MESSAGE_KINDS)(`has at least ${MIN_VALID_PER_KIND} valid and ${MIN_INVALID_PER_KIND} invalid %s vectors`, (kind) => {
    const ofKind = vectors.filter((v) => v.kind === kind);
    expect(ofKind.filter((v) => v.validity === 'valid').length).toBeGreaterThanOrEqual(MIN_VALID_PER_KIND);
    expect(ofKind.filter((v) => v.validity === 'invalid').length).toBeGreaterThanOrEqual(MIN_INVALID_PER_KIND);
  });

  it('covers every rejection path the firmware guide promises', () => {
    const reasons = new Set(vectors.flatMap((v) => (v.expect.ok ? [] : [v.expect.reason])));
    expect([...reasons].sort()).toEqual(['bad-encoding', 'bad-json', 'bad-topic', 'future-timestamp', 'oversize', 'schema', 'semantic']);
  });

  it.each(vectors.map((v): [string, ContractVector] => [v.file, v]))('%s gets the expected verdict', (_file, vector) => {
    const { actual } = runVector(vector);
    const verdict = actual.ok ? { ok: true } : { ok: false, reason: actual.reason, detail: actual.detail };
    expect(verdict).toMatchObject(vector.expect);
  });
});

describe(runVector.name, () => {
  const sut = runVector;
  const vector = (overrides: Partial<ContractVector>): ContractVector => ({
    file: 'valid/status/x.json',
    kind: 'status',
    validity: 'valid',
    description: 'test',
    topic: 'arterial/v1/controllers/c1/status',
    payload: Buffer.from('{}'),
    nowMs: 0,
    expect: { ok: true },
    ...overrides,
  });

  it('fails a vector whose reason code differs, even though both reject', () => {
    const outcome = sut(vector({ validity: 'invalid', expect: { ok: false, reason: 'bad-json' } }));
    expect(outcome.passed).toBe(false);
    expect(outcome.actual).toMatchObject({ ok: false, reason: 'schema' });
  });

  it('passes a vector whose reason code matches', () => {
    expect(sut(vector({ validity: 'invalid', expect: { ok: false, reason: 'schema' } })).passed).toBe(true);
  });

  it('fails a valid vector that is rejected', () => {
    expect(sut(vector({})).passed).toBe(false);
  });
});

describe(parseVectorFile.name, () => {
  const sut = parseVectorFile;
  const base = { description: 'd', topic: 't', nowMs: 1, expect: { ok: false, reason: 'schema' } };
  const text = (value: unknown) => JSON.stringify(value);

  it('decodes payload text as UTF-8 bytes and payloadBase64 as raw bytes', () => {
    expect(Buffer.from(sut(text({ ...base, payload: 'é' }), 'f', 'plan', 'invalid').payload)).toEqual(Buffer.from([0xc3, 0xa9]));
    expect(Buffer.from(sut(text({ ...base, payloadBase64: '/w==' }), 'f', 'plan', 'invalid').payload)).toEqual(Buffer.from([0xff]));
  });

  it.each([
    ['is not JSON', '{', /not JSON/],
    ['misses nowMs', text({ description: 'd', topic: 't', payload: '', expect: { ok: true } }), /not a vector: \/nowMs/],
    ['has an unknown reason', text({ ...base, payload: '', expect: { ok: false, reason: 'nope' } }), /not a vector/],
    ['has both payload forms', text({ ...base, payload: '', payloadBase64: '' }), /exactly one of payload and payloadBase64/],
    ['has neither payload form', text(base), /exactly one of payload and payloadBase64/],
    ['has an unknown key', text({ ...base, payload: '', extra: 1 }), /not a vector/],
  ])('throws VectorFormatError when the file %s', (_label, fileText, message) => {
    expect(() => sut(fileText, 'invalid/plan/x.json', 'plan', 'invalid')).toThrow(VectorFormatError);
    expect(() => sut(fileText, 'invalid/plan/x.json', 'plan', 'invalid')).toThrow(message);
  });

  it('throws when expect.ok contradicts the folder', () => {
    expect(() => sut(text({ ...base, payload: '' }), 'valid/plan/x.json', 'plan', 'valid')).toThrow(/under valid\//);
  });
});

describe(loadVectors.name, () => {
  const sut = loadVectors;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vectors-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (relative: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
  };

  it('reads <validity>/<kind>/*.json in a stable order and skips other files', () => {
    const vector = (ok: boolean) => JSON.stringify({ description: 'd', topic: 't', payload: '{}', nowMs: 1, expect: ok ? { ok } : { ok, reason: 'schema' } });
    write('invalid/plan/b.json', vector(false));
    write('invalid/plan/a.json', vector(false));
    write('valid/status/a.json', vector(true));
    write('valid/status/README.txt', 'not a vector');
    expect(sut(dir).map((v) => [v.file, v.kind, v.validity])).toEqual([
      ['valid/status/a.json', 'status', 'valid'],
      ['invalid/plan/a.json', 'plan', 'invalid'],
      ['invalid/plan/b.json', 'plan', 'invalid'],
    ]);
  });

  it('rejects a folder that is not a message kind', () => {
    write('valid/plans/a.json', '{}');
    expect(() => sut(dir)).toThrow(/valid\/plans: unknown message kind/);
  });

  it('returns nothing for an empty folder', () => {
    expect(sut(dir)).toEqual([]);
  });
});
