import { movementsConflict } from './movement-conflicts';

const N = 0;
const E = 90;
const S = 180;
const W = 270;

describe(movementsConflict.name, () => {
  const sut = movementsConflict;

  it('lets opposing through movements run together', () => {
    expect(sut({ legDeg: E, turn: 'through' }, { legDeg: W, turn: 'through' })).toBe(false);
  });

  it('lets opposing left turns run together', () => {
    expect(sut({ legDeg: E, turn: 'left' }, { legDeg: W, turn: 'left' })).toBe(false);
  });

  it('finds crossing through movements', () => {
    expect(sut({ legDeg: N, turn: 'through' }, { legDeg: E, turn: 'through' })).toBe(true);
  });

  it('finds a left turn crossing the opposing through movement', () => {
    expect(sut({ legDeg: W, turn: 'left' }, { legDeg: E, turn: 'through' })).toBe(true);
  });

  it('finds a right turn merging into a through movement', () => {
    // Eastbound right turn leaves by the south leg, where southbound through traffic also leaves.
    expect(sut({ legDeg: W, turn: 'right' }, { legDeg: N, turn: 'through' })).toBe(true);
    expect(sut({ legDeg: W, turn: 'right' }, { legDeg: S, turn: 'through' })).toBe(false);
  });

  it('is symmetric', () => {
    const turns = ['left', 'through', 'right'] as const;
    for (const legA of [N, E, S, W])
      for (const legB of [N, E, S, W])
        for (const ta of turns)
          for (const tb of turns) {
            const a = { legDeg: legA, turn: ta };
            const b = { legDeg: legB, turn: tb };
            expect(sut(a, b)).toBe(sut(b, a));
          }
  });

  it('never reports movements from the same approach', () => {
    expect(sut({ legDeg: N, turn: 'left' }, { legDeg: N, turn: 'through' })).toBe(false);
  });
});
