import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTokenSecret } from './token-secret';

describe(loadTokenSecret.name, () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-token-secret-'));
    file = path.join(dir, 'nested', 'token-secret');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates 32 random bytes once, in a file only its owner reads, and reuses them', () => {
    const first = loadTokenSecret({ secret: undefined, file, persist: true });
    expect(first.origin).toBe('created');
    expect(first.key).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadTokenSecret({ secret: undefined, file, persist: true });
    expect(again.origin).toBe('file');
    expect(Buffer.from(again.key).equals(Buffer.from(first.key))).toBe(true);
  });

  it('prefers API_TOKEN_SECRET and then writes nothing', () => {
    const result = loadTokenSecret({ secret: 'from-the-environment-0123456789abcdef', file, persist: true });
    expect(result).toEqual({ key: Buffer.from('from-the-environment-0123456789abcdef'), origin: 'env' });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('keeps a per-run key in memory in anonymous mode, leaving nothing on disk', () => {
    const a = loadTokenSecret({ secret: undefined, file, persist: false });
    const b = loadTokenSecret({ secret: undefined, file, persist: false });
    expect([a.origin, b.origin]).toEqual(['ephemeral', 'ephemeral']);
    expect(Buffer.from(a.key).equals(Buffer.from(b.key))).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a key file that is too short', () => {
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, `${Buffer.alloc(16).toString('base64url')}\n`);
    expect(() => loadTokenSecret({ secret: undefined, file, persist: true })).toThrow(/at least 32 bytes/);
  });
});
