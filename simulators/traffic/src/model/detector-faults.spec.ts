import { Rng } from '@arterial/device-kit';
import { DEFAULT_FAULT_RATES, DetectorFaults } from './detector-faults';

function faultDay(seed: number): string[] {
  const sut = new DetectorFaults(DEFAULT_FAULT_RATES, Rng.forKey('detector-faults:X', seed));
  return Array.from({ length: 8640 * 20 }, () => {
    const f = sut.next(10);
    return `${f.fault ?? '-'}${f.dropout ? '!' : ''}`;
  });
}

describe(DetectorFaults.name, () => {
  it('is the same for the same seed and differs for another', () => {
    expect(faultDay(1)).toEqual(faultDay(1));
    expect(faultDay(1)).not.toEqual(faultDay(2));
  });

  it('keeps the default rates low: a few spells over twenty days and rare dropouts', () => {
    const sut = new DetectorFaults(DEFAULT_FAULT_RATES, new Rng(3));
    let faulty = 0;
    const intervals = 8640 * 20;
    for (let i = 0; i < intervals; i++) if (sut.next(10).fault) faulty++;
    const onsets = sut.injected['stuck-on'] + sut.injected.dead + sut.injected.chattering;
    expect(onsets).toBeGreaterThanOrEqual(0);
    expect(onsets).toBeLessThan(10);
    expect(faulty / intervals).toBeLessThan(0.1);
    expect(sut.injected.dropout / intervals).toBeLessThan(0.005);
  });
});
