/**
 * A signalised n × n grid written as SUMO .net.xml text, piece by piece, so a spec can put a city-sized net on disk
 * without ever holding it whole. Shaped like netconvert's output (edges with lanes, a static program per light,
 * junctions with request rows the reader skips, connections with link indices), with street names written as
 * character references and entities as tools other than SUMO do.
 */
export function* gridNetXml(n: number, blockM = 200): Generator<string> {
  const id = (x: number, y: number): string => `J${x}_${y}`;
  const neighbours = (x: number, y: number): [number, number][] =>
    ([[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as [number, number][]).filter(([a, b]) => a >= 0 && b >= 0 && a < n && b < n);
  const size = (n - 1) * blockM;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${n}x${n} grid -->\n<net version="1.9">\n`;
  yield `  <location netOffset="0.00,0.00" convBoundary="0.00,0.00,${size}.00,${size}.00" origBoundary="0.00,0.00,${size}.00,${size}.00" projParameter="!"/>\n`;
  // One column of junctions per piece: about 0.4 MB at n = 100.
  for (let x = 0; x < n; x++) {
    const parts: string[] = [];
    for (let y = 0; y < n; y++) {
      for (const [a, b] of neighbours(x, y)) {
        const edge = `${id(x, y)}-${id(a, b)}`;
        parts.push(
          `  <edge id="${edge}" from="${id(x, y)}" to="${id(a, b)}" name="Stra&#223;e &#x4E2D;&#x5C71;路 ${x}&amp;${y}" priority="-1">\n`,
          `    <lane id="${edge}_0" index="0" speed="13.89" length="${blockM}.00" shape="${x * blockM}.00,${y * blockM}.00 ${a * blockM}.00,${b * blockM}.00"/>\n  </edge>\n`,
        );
      }
      const junction = id(x, y);
      const links = neighbours(x, y).flatMap(([a, b]) => neighbours(x, y).filter(([c, d]) => c !== a || d !== b).map(([c, d]) => [`${id(a, b)}-${junction}`, `${junction}-${id(c, d)}`]));
      const half = Math.ceil(links.length / 2);
      const state = (first: string, second: string): string => first.repeat(half) + second.repeat(links.length - half);
      parts.push(
        `  <tlLogic id="${junction}" type="static" programID="0" offset="0">\n`,
        `    <phase duration="40" state="${state('G', 'r')}"/>\n    <phase duration="3" state="${state('y', 'r')}"/>\n`,
        `    <phase duration="40" state="${state('r', 'G')}"/>\n    <phase duration="3" state="${state('r', 'y')}"/>\n  </tlLogic>\n`,
        `  <junction id="${junction}" type="traffic_light" x="${x * blockM}.00" y="${y * blockM}.00">\n`,
        ...links.map((_, i) => `    <request index="${i}" response="${'0'.repeat(links.length)}" foes="${'0'.repeat(links.length)}" cont="0"/>\n`),
        '  </junction>\n',
        ...links.map(([from, to], i) => `  <connection from="${from}" to="${to}" fromLane="0" toLane="0" via=":${junction}_${i}_0" tl="${junction}" linkIndex="${i}" dir="s" state="O"/>\n`),
      );
    }
    yield parts.join('');
  }
  yield '</net>\n';
}
