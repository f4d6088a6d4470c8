/** The small XML pieces every generated scenario writes: flows, the routes file and the configuration. */
export interface GeneratedScenario {
  sumocfg: string;
  netFile: string;
}

export interface TimeWindow {
  beginS: number;
  endS: number;
}

/** SUMO routes `from`→`to` flows itself at insertion, so no router run is needed. */
export function flowXml(id: string, from: string, to: string, vph: number, w: TimeWindow): string {
  return `  <flow id="${id}" type="car" from="${from}" to="${to}" begin="${w.beginS}" end="${w.endS}" vehsPerHour="${Math.round(vph)}" departLane="best" departSpeed="max"/>`;
}

export function routesXml(entries: readonly string[]): string {
  // Sorted by departure as SUMO requires of vehicles; flows and the incident vehicle are all that is written.
  return `<routes>\n  <vType id="car" accel="2.6" decel="4.5" sigma="0.5" length="5" maxSpeed="16.7"/>\n${entries.join('\n')}\n</routes>\n`;
}

export function sumocfgXml(c: { net: string; routes: string } & TimeWindow): string {
  return `<configuration>
  <input>
    <net-file value="${c.net}"/>
    <route-files value="${c.routes}"/>
  </input>
  <time><begin value="${c.beginS}"/><end value="${c.endS}"/></time>
</configuration>
`;
}
