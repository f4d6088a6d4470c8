import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sumoSeconds, timeOfConfig } from './sumo-config';

describe(timeOfConfig.name, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sumo-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const config = (name: string, time: string): string => {
    const file = path.join(dir, `${name}.sumocfg`);
    fs.writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <input><net-file value="n.net.xml"/></input>\n  ${time}\n</configuration>\n`);
    return file;
  };

  it('reads begin and end in plain seconds', () => {
    expect(timeOfConfig(config('plain', '<time><begin value="0"/><end value="3600.5"/></time>'))).toEqual({ beginS: 0, endS: 3600.5 });
  });

  it("reads SUMO's clock times", () => {
    expect(timeOfConfig(config('clock', '<time><begin value="7:00:00"/><end value="1:08:30:00"/></time>'))).toEqual({ beginS: 25_200, endS: 86_400 + 8.5 * 3600 });
  });

  it('leaves out what the configuration does not set', () => {
    expect(timeOfConfig(config('begin-only', '<time><begin value="100"/></time>'))).toEqual({ beginS: 100 });
    expect(timeOfConfig(config('none', ''))).toEqual({});
  });

  it('takes the first value when an option repeats, and refuses a time SUMO would not read', () => {
    expect(timeOfConfig(config('twice', '<time><end value="50"/></time><time><end value="70"/></time>'))).toEqual({ endS: 50 });
    expect(() => timeOfConfig(config('bad', '<time><end value="soon"/></time>'))).toThrow('not a SUMO time: soon');
  });

  it('reads seconds as the time options accept them', () => {
    expect(sumoSeconds(' 90 ')).toBe(90);
    expect(sumoSeconds('0:01:30')).toBe(90);
    expect(() => sumoSeconds('1:2:3:4:5')).toThrow('not a SUMO time');
  });
});
