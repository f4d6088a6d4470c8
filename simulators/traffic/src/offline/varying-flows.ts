/**
 * Gives a SUMO route file's constant `<flow>`s the simulator's demand variation (demand-variation.ts): each flow
 * becomes one flow per period whose rate is the original times a day level and within-day episodes, shared by the
 * network and local to the flow. So a SUMO run can be scored by the prediction evaluation on demand that departs
 * from its average in persistent episodes, as the project's own simulator's does, with the same seeded processes.
 */
import { demandFactor, localHour, weekendDemandFactor } from '../model/demand-profile';
import { DemandVariation, isWeekend, NETWORK_VARIATION, ORIGIN_VARIATION } from '../model/demand-variation';

export interface VaryingFlowOptions {
  /** Length of one constant-rate period, s. */
  periodS: number;
  seed: number;
  /** Epoch ms that simulation time 0 stands for: calendar day of the day level, time of the episodes. */
  startMs: number;
  utcOffsetHours: number;
  /** Also shape the rate by the time-of-day profile of the day type, the flow's rate standing for the AM peak. */
  profile?: boolean;
}

const FLOW = /<flow\b([^>]*?)\/>/g;

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1];
}

function withAttribute(attributes: string, name: string, value: string): string {
  return attributes.replace(new RegExp(`\\b${name}="[^"]*"`), `${name}="${value}"`);
}

/** The route file with every `vehsPerHour` flow split into periods; other elements are kept as they are. */
export function varyingFlowsXml(routesXml: string, options: VaryingFlowOptions): string {
  if (!(options.periodS > 0)) throw new Error(`periodS must be positive, got ${options.periodS}`);
  const network = networkFactors(routesXml, options);
  const periods: { beginS: number; xml: string }[] = [];
  const kept = routesXml.replace(FLOW, (element, attributes: string) => {
    const id = attribute(attributes, 'id');
    const vph = Number(attribute(attributes, 'vehsPerHour'));
    const beginS = Number(attribute(attributes, 'begin') ?? 0);
    const endS = Number(attribute(attributes, 'end'));
    if (id === undefined || !Number.isFinite(vph) || !Number.isFinite(beginS) || !Number.isFinite(endS)) return element;
    const local = new DemandVariation(ORIGIN_VARIATION, `flow:${id}`, options.seed, options.utcOffsetHours);
    for (let k = 0, t = beginS; t < endS; k++, t += options.periodS) {
      const tMs = options.startMs + t * 1000;
      const rate = vph * (network.get(t) ?? 1) * local.factorAt(tMs) * (options.profile ? profileAt(tMs, options.utcOffsetHours) : 1);
      let a = withAttribute(attributes, 'id', `${id}p${k}`);
      a = withAttribute(a, 'begin', String(t));
      a = withAttribute(a, 'end', String(Math.min(endS, t + options.periodS)));
      a = withAttribute(a, 'vehsPerHour', rate.toFixed(1));
      periods.push({ beginS: t, xml: `<flow${a}/>` });
    }
    return '';
  });
  // SUMO reads route files in order of departure; flows sorted by begin keep it from skipping any.
  const flows = periods.sort((x, y) => x.beginS - y.beginS).map((p) => `  ${p.xml}`);
  return kept.replace(/\n\s*\n/g, '\n').replace('</routes>', `${flows.join('\n')}\n</routes>`);
}

/**
 * The network-wide factor at every period start of every flow, drawn in time order once: the shared process only
 * moves forwards, so asking it flow by flow would freeze it after the first flow's last period.
 */
function networkFactors(routesXml: string, options: VaryingFlowOptions): Map<number, number> {
  const starts = new Set<number>();
  for (const [, attributes = ''] of routesXml.matchAll(FLOW)) {
    const beginS = Number(attribute(attributes, 'begin') ?? 0);
    const endS = Number(attribute(attributes, 'end'));
    if (!Number.isFinite(beginS) || !Number.isFinite(endS)) continue;
    for (let t = beginS; t < endS; t += options.periodS) starts.add(t);
  }
  const network = new DemandVariation(NETWORK_VARIATION, 'network', options.seed, options.utcOffsetHours);
  const factors = new Map<number, number>();
  for (const t of [...starts].sort((a, b) => a - b)) factors.set(t, network.factorAt(options.startMs + t * 1000));
  return factors;
}

function profileAt(tMs: number, utcOffsetHours: number): number {
  const hour = localHour(tMs, utcOffsetHours);
  return isWeekend(tMs, utcOffsetHours) ? weekendDemandFactor(hour) : demandFactor(hour);
}
