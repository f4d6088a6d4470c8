/** Command-line parsing for the SUMO bridge (pure, so it is unit-tested). */
export interface CliOptions {
  sumocfg?: string;
  grid?: { columns: number; rows: number };
  mqttUrl: string;
  seconds: number;
  speed: number;
  intervalS: number;
  /** Write the converted Arterial network model here (GeoJSON). */
  networkOut?: string;
  origin: [number, number];
}

export const USAGE = `usage: sumo-bridge (--sumocfg FILE | --grid CxR) [--mqtt-url mqtt://127.0.0.1:1883] [--seconds 600]
                   [--speed 0] [--interval 60] [--network-out FILE.geojson] [--origin LON,LAT]
  --speed 0 runs as fast as possible; n runs at n times real time.`;

export function parseCliOptions(argv: readonly string[]): CliOptions {
  const out: CliOptions = { mqttUrl: 'mqtt://127.0.0.1:1883', seconds: 600, speed: 0, intervalS: 60, origin: [116.3975, 39.9087] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const positive = (name: string, v: string, allowZero = false): number => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${v}`);
      return n;
    };
    switch (flag) {
      case '--sumocfg':
        out.sumocfg = value();
        break;
      case '--grid': {
        const m = /^(\d+)x(\d+)$/.exec(value());
        if (!m) throw new Error('--grid takes CxR, e.g. 3x3');
        out.grid = { columns: Number(m[1]), rows: Number(m[2]) };
        if (out.grid.columns < 1 || out.grid.rows < 1) throw new Error('--grid needs at least 1x1');
        break;
      }
      case '--mqtt-url':
        out.mqttUrl = value();
        break;
      case '--seconds':
        out.seconds = Math.round(positive('--seconds', value()));
        break;
      case '--speed':
        out.speed = positive('--speed', value(), true);
        break;
      case '--interval':
        out.intervalS = Math.round(positive('--interval', value()));
        break;
      case '--network-out':
        out.networkOut = value();
        break;
      case '--origin': {
        const [lon, lat] = value().split(',').map(Number);
        if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error('--origin takes LON,LAT');
        out.origin = [lon, lat];
        break;
      }
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (!out.sumocfg === !out.grid) throw new Error(`give exactly one of --sumocfg and --grid\n${USAGE}`);
  return out;
}
