import { DEAD_LETTER_EXCERPT_BYTES, truncateUtf8 } from './dead-letter-excerpt';

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

describe(truncateUtf8.name, () => {
  it('keeps text within the budget as it is', () => {
    expect(truncateUtf8('short', DEAD_LETTER_EXCERPT_BYTES)).toBe('short');
    expect(truncateUtf8(Buffer.from('交通信号 🚦'), DEAD_LETTER_EXCERPT_BYTES)).toBe('交通信号 🚦');
    expect(truncateUtf8('', 4)).toBe('');
  });

  it('cuts before a character that would straddle the limit, for strings and raw bytes alike', () => {
    expect(truncateUtf8('ab漢字', 5)).toBe('ab漢');
    expect(truncateUtf8('😀😀', 5)).toBe('😀');
    expect(truncateUtf8(Buffer.from('ab漢字'), 7)).toBe('ab漢');
    expect(truncateUtf8(Buffer.from('ab漢字'), 8)).toBe('ab漢字');
  });

  it.each([
    ['Chinese (3-byte) text', '{"note":"路口信号灯故障，请检查"}'.repeat(40)],
    ['emoji (4-byte, surrogate pairs)', `{"x":"a${'🚦'.repeat(200)}"}`],
    ['mixed widths', `é漢😀a`.repeat(100)],
  ])('never splits a character at any alignment of %s: no U+FFFD, never over the limit', (_name, body) => {
    // ASCII padding in front moves the limit across every byte position of the wide characters.
    for (let pad = 0; pad < 4; pad += 1) {
      const text = `${'p'.repeat(pad)}${body}`;
      const fromBytes = truncateUtf8(Buffer.from(text), DEAD_LETTER_EXCERPT_BYTES);
      const fromText = truncateUtf8(text, DEAD_LETTER_EXCERPT_BYTES);

      expect(fromText).toBe(fromBytes);
      expect(fromBytes).not.toContain('\uFFFD');
      expect(text.startsWith(fromBytes)).toBe(true);
      expect(byteLength(fromBytes)).toBeLessThanOrEqual(DEAD_LETTER_EXCERPT_BYTES);
      // Only the partial character is dropped.
      expect(byteLength(fromBytes)).toBeGreaterThan(DEAD_LETTER_EXCERPT_BYTES - 4);
    }
  });

  it('cuts every boundary position of a 4-byte character correctly', () => {
    const emoji = '🚦';
    const text = `${'a'.repeat(DEAD_LETTER_EXCERPT_BYTES - 4)}${emoji}${emoji}`;
    for (let pad = 0; pad < 4; pad += 1) {
      const padded = `${'b'.repeat(pad)}${text}`;
      const excerpt = truncateUtf8(Buffer.from(padded), DEAD_LETTER_EXCERPT_BYTES);
      expect(excerpt).toBe(pad === 0 ? `${'a'.repeat(DEAD_LETTER_EXCERPT_BYTES - 4)}${emoji}` : padded.slice(0, pad + DEAD_LETTER_EXCERPT_BYTES - 4));
    }
  });

  it('reads a view into a larger buffer from its own offset', () => {
    const whole = Buffer.from('xx漢字yy');
    expect(truncateUtf8(whole.subarray(2, 8), 4)).toBe('漢');
  });
});
