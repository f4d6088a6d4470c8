import { silentStopBarLoops } from './silent-stop-bars';

describe(silentStopBarLoops.name, () => {
  it('silences the stop-bar loops of lanes with a queue loop, nothing else', () => {
    const loops = [
      { index: 0, lane: 'W_0', toStopLineM: 5 }, // stop bar, lane with a queue loop: silent
      { index: 1, lane: 'W_0', toStopLineM: 60 }, // advance loop on that lane: still calls
      { index: 2, lane: 'S_0', toStopLineM: 3 }, // stop bar on a lane without a queue loop: still calls
      { index: 3, lane: 'W_1', toStopLineM: 14.9 }, // just nearer than a queue loop: silent
    ];
    expect(silentStopBarLoops(loops, new Set(['W_0', 'W_1']))).toEqual(new Set([0, 3]));
    expect(silentStopBarLoops(loops, new Set())).toEqual(new Set());
  });
});
