import type { LinkEstimateHistory, LinkEstimatePoint } from '@arterial/contracts/api/v1';
import { STORED_ESTIMATE_MAX_AGE_MS, storedLinksAt, storedLinkSlots } from './replay-stored-links';

const STEP_S = 10;
const FROM = 1_700_000_000_000;

function point(i: number, overrides: Partial<LinkEstimatePoint> = {}): LinkEstimatePoint {
  return { ts: FROM + i * STEP_S * 1000, level: 'smooth', tti: 1.234, speedKph: 44.44, flowVph: 600, samples: 1, ...overrides };
}

function answer(links: LinkEstimateHistory['links']): LinkEstimateHistory {
  return { from: FROM, to: FROM + 3_600_000, stepS: STEP_S, links };
}

describe(storedLinkSlots.name, () => {
  const sut = storedLinkSlots;

  it('shows the stored estimate of a bucket, rounded as the live feed rounds, and keeps it until the next estimation step', () => {
    const slots = sut(answer([{ linkId: 'l1', points: [point(1), point(7, { level: 'seriously-congested', tti: 5, speedKph: 8 })] }]), FROM, 10);

    expect(storedLinksAt(slots, 0)).toEqual([]);
    expect(storedLinksAt(slots, 1)).toEqual([{ id: 'l1', level: 'smooth', tti: 1.23, speedKph: 44.4, provenance: 'estimated' }]);
    expect(storedLinksAt(slots, 6)[0]?.level).toBe('smooth');
    expect(storedLinksAt(slots, 7)[0]).toMatchObject({ level: 'seriously-congested', tti: 5, speedKph: 8 });
    expect(storedLinksAt(slots, 9)[0]?.level).toBe('seriously-congested');
  });

  it('drops an estimate older than the age limit, keeps null figures null, and leaves out links without any', () => {
    const buckets = STORED_ESTIMATE_MAX_AGE_MS / (STEP_S * 1000) + 3;
    const slots = sut(answer([{ linkId: 'l1', points: [point(0, { level: null, tti: null, speedKph: null })] }, { linkId: 'late', points: [point(buckets + 5)] }]), FROM, buckets);

    expect(storedLinksAt(slots, 0)).toEqual([{ id: 'l1', level: null, tti: null, speedKph: null, provenance: 'estimated' }]);
    expect(storedLinksAt(slots, buckets - 1)).toEqual([]);
    expect([...slots.keys()]).toEqual(['l1']);
  });
});
