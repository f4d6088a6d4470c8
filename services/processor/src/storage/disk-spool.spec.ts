import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskSpool } from './disk-spool';

describe(DiskSpool.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-spec-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps batches in order, prepends before the head, and survives a reopen', () => {
    const sut = new DiskSpool({ dir, maxBytes: 1_000_000, maxSegmentLines: 2 });
    sut.append(['b1', 'b2']);
    sut.append(['c1']);
    sut.prepend(['a1']);

    const reopened = new DiskSpool({ dir, maxBytes: 1_000_000 });
    const order: string[][] = [];
    for (let head = reopened.peek(); head; head = reopened.peek()) {
      order.push(reopened.read(head));
      reopened.remove(head);
    }

    expect(sut.records).toBe(4);
    expect(order).toEqual([['a1'], ['b1', 'b2'], ['c1']]);
    expect(reopened.isEmpty()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses appends past its byte bound and counts bytes and records', () => {
    const sut = new DiskSpool({ dir, maxBytes: 20 });

    expect(sut.append(['0123456789'])).toBe(true); // 11 bytes with the newline
    expect(sut.append(['0123456789'])).toBe(false);
    expect(sut.append(['01234567'])).toBe(true); // 9 more: exactly 20
    expect({ records: sut.records, bytes: sut.bytes }).toEqual({ records: 2, bytes: 20 });
  });

  it('appends to the tail segment until it is full or sealed, so an outage makes few files', () => {
    const sut = new DiskSpool({ dir, maxBytes: 1_000_000, maxSegmentLines: 3 });
    sut.append(['a']);
    sut.append(['b']);
    sut.append(['c']);
    sut.append(['d']);
    const head = sut.peek();
    const first = head ? sut.read(head) : [];
    sut.append(['e']);

    expect(first).toEqual(['a', 'b', 'c']);
    expect(sut.segmentCount).toBe(2);
    expect(fs.readdirSync(dir)).toHaveLength(2);
    expect(sut.records).toBe(5);
  });

  it('repairs what a crash left: half-written new segments go, a partial last line is cut', () => {
    fs.writeFileSync(path.join(dir, '0000001000000000.lp.tmp'), 'partial');
    fs.writeFileSync(path.join(dir, '0000001000000001.lp'), 'x 1\ny 2\nz 3 par');

    const sut = new DiskSpool({ dir, maxBytes: 1000 });
    const head = sut.peek();

    expect(sut.records).toBe(2);
    expect(head && sut.read(head)).toEqual(['x 1', 'y 2']);
    expect(fs.readdirSync(dir)).toEqual(['0000001000000001.lp']);
  });
});

describe(`${DiskSpool.name} on an unusable directory`, () => {
  it('opens as empty instead of throwing; appends fail, which the batcher counts as dropped', () => {
    const file = path.join(os.tmpdir(), `spool-spec-file-${process.pid}`);
    fs.writeFileSync(file, 'not a directory');
    const sut = new DiskSpool({ dir: path.join(file, 'pending'), maxBytes: 1000 });

    expect(sut.isEmpty()).toBe(true);
    expect(() => sut.append(['x'])).toThrow();
    expect(sut.openError).toBeDefined();
    fs.rmSync(file);
  });
});
