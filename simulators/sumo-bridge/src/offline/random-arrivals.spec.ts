import { withRandomArrivals } from './random-arrivals';

const ROUTES = `<routes>
  <vType id="car" accel="2.6" decel="4.5" sigma="0.5" length="5" maxSpeed="16.7"/>
  <flow id="f0p0" type="car" from="a" to="b" begin="0" end="300" vehsPerHour="90.0" departLane="best" departSpeed="max"/>
  <flow id="f0p1" type="car" from="a" to="b" begin="300" end="600" vehsPerHour="0.0" departLane="best"/>
  <vehicle id="v" depart="0"><route edges="a"/></vehicle>
</routes>
`;

describe('withRandomArrivals', () => {
  it('turns each flow rate into the per-second insertion probability of the same mean rate', () => {
    const xml = withRandomArrivals(ROUTES);
    expect(xml).not.toContain('vehsPerHour');
    expect(xml).toContain('<flow id="f0p0" type="car" from="a" to="b" begin="0" end="300" probability="0.025000" departLane="best" departSpeed="max"/>');
    expect(xml).toContain('begin="300" end="600" probability="0.000000"');
  });

  it('leaves every other element as it was', () => {
    const xml = withRandomArrivals(ROUTES);
    expect(xml.split('\n').filter((l) => !l.includes('<flow'))).toEqual(ROUTES.split('\n').filter((l) => !l.includes('<flow')));
  });

  it('refuses rates SUMO cannot insert with one trial a second, and non-rates', () => {
    expect(() => withRandomArrivals('<flow id="f" vehsPerHour="3601"/>')).toThrow(/above one vehicle a second/);
    expect(() => withRandomArrivals('<flow id="f" vehsPerHour="x"/>')).toThrow(/not a rate/);
  });
});
