import { DEFAULT_RUN_S, epochMappingOf, runWindowOf } from './run-window';

describe(runWindowOf.name, () => {
  const sut = runWindowOf;

  it('takes the configuration, lets options override it, and a duration win over an end', () => {
    expect(sut({ configured: { beginS: 25200, endS: 25800 } })).toEqual({ beginS: 25200, endS: 25800 });
    expect(sut({ configured: { beginS: 25200, endS: 25800 }, beginS: 25500 })).toEqual({ beginS: 25500, endS: 25800 });
    expect(sut({ configured: { beginS: 25200, endS: 25800 }, endS: 26000 })).toEqual({ beginS: 25200, endS: 26000 });
    expect(sut({ configured: { beginS: 25200, endS: 25800 }, endS: 26000, seconds: 60 })).toEqual({ beginS: 25200, endS: 25260 });
    expect(sut({ configured: {} })).toEqual({ beginS: 0, endS: DEFAULT_RUN_S });
  });

  it('refuses a run that ends before it begins', () => {
    expect(() => sut({ configured: { beginS: 25200, endS: 3600 } })).toThrow(/end after it begins/);
  });
});

describe(epochMappingOf.name, () => {
  const sut = epochMappingOf;

  it('maps the begin to a whole-second start that puts the whole run in the past', () => {
    const nowMs = 1_800_000_000_456;
    const m = sut({ beginS: 25200, endS: 25800 }, nowMs);
    expect(m.startEpochMs).toBe(1_800_000_000_000 - 600_000);
    expect(m.epochMsOf(25200)).toBe(m.startEpochMs);
    expect(m.epochMsOf(25800)).toBeLessThanOrEqual(nowMs);
    expect(m.epochMsOf(25201)).toBe(m.startEpochMs + 1000);
  });

  it('keeps a given start', () => {
    expect(sut({ beginS: 100, endS: 200 }, 0, 5_000).epochMsOf(130)).toBe(35_000);
  });
});
