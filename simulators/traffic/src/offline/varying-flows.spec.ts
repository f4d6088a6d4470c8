import { varyingFlowsXml } from './varying-flows';

const ROUTES = `<routes>
  <vType id="car" accel="2.6"/>
  <flow id="f0" type="car" from="a" to="b" begin="0" end="3600" vehsPerHour="300" departLane="best"/>
  <flow id="f1" type="car" from="c" to="d" begin="0" end="3600" vehsPerHour="300" departLane="best"/>
</routes>
`;
const OPTIONS = { periodS: 900, seed: 1, startMs: Date.parse('2025-03-03T06:00:00+08:00'), utcOffsetHours: 8 };

describe(varyingFlowsXml.name, () => {
  const sut = varyingFlowsXml;

  it('splits every flow into periods sorted by begin, keeping its other attributes', () => {
    const xml = sut(ROUTES, OPTIONS);
    const flows = [...xml.matchAll(/<flow id="([^"]+)"[^>]*begin="(\d+)" end="(\d+)" vehsPerHour="([\d.]+)" departLane="best"\/>/g)];
    expect(flows.map((f) => f[1])).toEqual(['f0p0', 'f1p0', 'f0p1', 'f1p1', 'f0p2', 'f1p2', 'f0p3', 'f1p3']);
    expect(flows.map((f) => Number(f[2]))).toEqual([0, 0, 900, 900, 1800, 1800, 2700, 2700]);
    expect(xml).toContain('<vType id="car" accel="2.6"/>');
    const rates = flows.map((f) => Number(f[4]));
    expect(new Set(rates).size).toBe(rates.length);
    for (const r of rates) expect(r).toBeGreaterThan(150);
    for (const r of rates) expect(r).toBeLessThan(600);
  });

  it('repeats with the seed and changes with it', () => {
    expect(sut(ROUTES, OPTIONS)).toBe(sut(ROUTES, OPTIONS));
    expect(sut(ROUTES, { ...OPTIONS, seed: 2 })).not.toBe(sut(ROUTES, OPTIONS));
  });

  it('gives every flow the same network-wide variation wherever it stands in the file', () => {
    const f1 = '<flow id="f1" type="car" from="c" to="d" begin="0" end="3600" vehsPerHour="300" departLane="best"/>';
    const f0 = '<flow id="f0" type="car" from="a" to="b" begin="0" end="3600" vehsPerHour="300" departLane="best"/>';
    const rates = (xml: string) => [...xml.matchAll(/<flow id="f1p\d+"[^>]*vehsPerHour="([\d.]+)"/g)].map((m) => m[1]);
    const second = rates(sut(`<routes>\n  ${f0}\n  ${f1}\n</routes>\n`, OPTIONS));
    const alone = rates(sut(`<routes>\n  ${f1}\n</routes>\n`, OPTIONS));
    expect(second).toHaveLength(4);
    expect(second).toEqual(alone);
  });

  it('follows the day profile when asked: far less at night than at the morning peak', () => {
    const night = sut(ROUTES, { ...OPTIONS, startMs: Date.parse('2025-03-03T03:00:00+08:00'), profile: true });
    const peak = sut(ROUTES, { ...OPTIONS, startMs: Date.parse('2025-03-03T07:30:00+08:00'), profile: true });
    const total = (xml: string) => [...xml.matchAll(/vehsPerHour="([\d.]+)"/g)].reduce((s, m) => s + Number(m[1]), 0);
    expect(total(night)).toBeLessThan(0.2 * total(peak));
  });
});
