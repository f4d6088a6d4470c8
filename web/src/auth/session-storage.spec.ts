import { readSession, refreshDelayMs, SESSION_STORAGE_KEY, writeSession } from './session-storage';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const NOW = 1_800_000_000_000;

describe('session storage', () => {
  it('reads back a stored session until it expires, and ignores anything malformed', () => {
    const storage = new MemoryStorage();
    const session = { token: 'a.b.c', expiresAt: NOW + 60_000, user: { name: 'olga', role: 'operator' as const } };
    writeSession(storage, session);
    expect(readSession(storage, NOW)).toEqual(session);
    expect(readSession(storage, NOW + 60_000)).toBeNull();
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ ...session, user: { name: 'olga', role: 'root' } }));
    expect(readSession(storage, NOW)).toBeNull();
    storage.setItem(SESSION_STORAGE_KEY, '{oops');
    expect(readSession(storage, NOW)).toBeNull();
  });

  it('refreshes a fifth of the lifetime before expiry, at least 30 s and at most 5 min ahead, never within 5 s', () => {
    expect(refreshDelayMs(NOW + 3_600_000, NOW)).toBe(3_600_000 - 300_000);
    expect(refreshDelayMs(NOW + 600_000, NOW)).toBe(600_000 - 120_000);
    expect(refreshDelayMs(NOW + 60_000, NOW)).toBe(30_000);
    expect(refreshDelayMs(NOW + 10_000, NOW)).toBe(5_000);
  });
});
