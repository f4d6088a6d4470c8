import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSecret, hashSecret, mosquittoHash, verifySecret } from './device-secret.hashing';

const FAST = { N: 1 << 10, r: 8, p: 1 };

describe('device secret hashing', () => {
  it('verifies the right secret and refuses a wrong one', async () => {
    const sut = hashSecret('s3cret', FAST);
    expect(sut).toMatchObject({ algorithm: 'scrypt', N: 1024, r: 8, p: 1 });
    expect(sut.hash).not.toContain('s3cret');
    await expect(verifySecret('s3cret', sut)).resolves.toBe(true);
    await expect(verifySecret('s3cret ', sut)).resolves.toBe(false);
    await expect(verifySecret('', sut)).resolves.toBe(false);
  });

  it('salts every hash, so equal secrets hash differently', () => {
    expect(hashSecret('same', FAST).hash).not.toBe(hashSecret('same', FAST).hash);
  });

  it('uses the stored cost parameters, not the defaults, when verifying', async () => {
    const stored = hashSecret('x', { N: 1 << 11, r: 4, p: 2 });
    await expect(verifySecret('x', stored)).resolves.toBe(true);
    await expect(verifySecret('x', { ...stored, N: 1 << 10 })).resolves.toBe(false);
  });

  it('generates 32 random bytes as base64url', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });

  it("writes mosquitto's $7$ PBKDF2-SHA512 line format", () => {
    // Salt and hash from `mosquitto_passwd -b FILE alice secret1` (mosquitto 2.0, 101 iterations).
    expect(mosquittoHash('secret1', 101, Buffer.from('viPoq26mJ4vGUApN', 'base64'))).toBe(
      '$7$101$viPoq26mJ4vGUApN$rr8GFL/rY5vklEG7jewjzLNVvQ2j7bEeXMVAjxBi/kEsLO0UPzGDlHafO+c66uaNq7SsIDtkrr0JNDea0wCP1g==',
    );
    expect(mosquittoHash('pw')).toMatch(/^\$7\$10000\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
  });

  it('produces what mosquitto_passwd itself produces for the same salt', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-mosq-passwd-'));
    try {
      const file = path.join(dir, 'passwd');
      execFileSync('mosquitto_passwd', ['-b', '-c', file, 'dev', 'pa55word']);
      const [, , iterations, salt] = fs.readFileSync(file, 'utf8').trim().split('$');
      expect(`dev:${mosquittoHash('pa55word', Number(iterations), Buffer.from(salt ?? '', 'base64'))}`).toBe(fs.readFileSync(file, 'utf8').trim());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
