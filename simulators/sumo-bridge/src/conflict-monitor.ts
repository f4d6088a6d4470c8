/**
 * A malfunction management unit (MMU) for one SUMO light: it watches what SUMO actually shows on every controlled
 * link each step, independent of the controller that commands it, and latches the light to flash on the first
 * violation. Its programming card comes from the light's own SUMO program, as a real MMU's card comes from the
 * intended phasing: two links are compatible when some phase of that program shows both green; every other pair
 * conflicts (the converted network's conflict matrix says the same: single ring, phases never green together).
 * Timings come from the junction limits the bridge checks plans against (junction-limits.ts): per light the
 * smallest minimum green, yellow and all-red of its phases, so the monitor never flags what the limits allow.
 * Pure: the bridge feeds it the state strings of its batched step read. Resolution is one step (1 s).
 */
import type { JunctionLimits } from '@arterial/contracts/network';
import type { TlsLogic } from './traci/traffic-light-logic';

export type ViolationKind = 'conflict' | 'short-green' | 'short-yellow' | 'short-all-red';

export interface Violation {
  kind: ViolationKind;
  simTimeS: number;
  /** Link indices involved (SUMO's linkIndex). */
  links: number[];
  detail: string;
}

export interface MonitorCard {
  /** compatible[i] holds every link j that may be green together with link i. */
  compatible: Set<number>[];
  minGreenS: number;
  yellowS: number;
  allRedS: number;
}

type Colour = 'green' | 'yellow' | 'red' | 'off';

const colourOf = (c: string): Colour => (c === 'G' || c === 'g' ? 'green' : c === 'y' || c === 'Y' || c === 'u' ? 'yellow' : c === 'o' || c === 'O' ? 'off' : 'red');

/** The card for a light: compatibilities from its program's phases, timings from its junction limits. */
export function monitorCardOf(logic: TlsLogic, limits: JunctionLimits): MonitorCard {
  const links = Math.max(0, ...logic.phases.map((p) => p.state.length));
  const compatible = Array.from({ length: links }, () => new Set<number>());
  for (const phase of logic.phases) {
    const greens = [...phase.state].flatMap((c, i) => (colourOf(c) === 'green' ? [i] : []));
    for (const i of greens) for (const j of greens) compatible[i]!.add(j);
  }
  const smallest = (values: number[]): number => (values.length > 0 ? Math.min(...values) : 0);
  return {
    compatible,
    minGreenS: smallest(limits.phases.map((p) => p.minGreenS)),
    yellowS: smallest(limits.phases.map((p) => p.yellowS).filter((s) => s > 0)),
    allRedS: smallest(limits.phases.map((p) => p.allRedS)),
  };
}

interface LinkRun {
  colour: Colour;
  /** When the colour started; NaN for the colour seen first (how long it had been on is unknown). */
  sinceS: number;
  /** When the link last turned red after showing something else; NaN while it has been red since the start. */
  redSinceS: number;
}

export class ConflictMonitor {
  private runs: LinkRun[] | undefined;
  private first: Violation | undefined;

  constructor(private readonly card: MonitorCard) {}

  /** The first violation, once latched: the light stays in flash however SUMO's state changes after. */
  get latchedBy(): Violation | undefined {
    return this.first;
  }

  /** One step's state string (one character per link); returns the violations seen now (none once latched). */
  observe(simTimeS: number, state: string): Violation[] {
    if (this.first) return [];
    const colours = [...state].map(colourOf);
    const runs = this.runs;
    if (!runs) {
      this.runs = colours.map((colour) => ({ colour, sinceS: Number.NaN, redSinceS: Number.NaN }));
      return this.latch(this.conflicts(simTimeS, colours));
    }
    const found = this.conflicts(simTimeS, colours);
    colours.forEach((colour, i) => {
      const run = runs[i] ?? { colour, sinceS: Number.NaN, redSinceS: Number.NaN };
      if (colour !== run.colour) found.push(...this.changeViolations(simTimeS, i, run, colour, colours, runs));
    });
    colours.forEach((colour, i) => {
      const run = runs[i];
      if (run && colour === run.colour) return;
      runs[i] = { colour, sinceS: simTimeS, redSinceS: colour === 'red' ? simTimeS : (run?.redSinceS ?? Number.NaN) };
    });
    return this.latch(found);
  }

  private latch(found: Violation[]): Violation[] {
    if (found.length > 0) this.first = found[0];
    return found;
  }

  /** Two links green at once that no phase of the card serves together. */
  private conflicts(simTimeS: number, colours: Colour[]): Violation[] {
    const greens = colours.flatMap((c, i) => (c === 'green' ? [i] : []));
    const found: Violation[] = [];
    for (const i of greens) {
      for (const j of greens) {
        if (j > i && !this.card.compatible[i]?.has(j)) found.push({ kind: 'conflict', simTimeS, links: [i, j], detail: `links ${i} and ${j} green together` });
      }
    }
    return found;
  }

  /** Link i leaves `run.colour` for `colour` at simTimeS: was the interval it ends long enough? */
  private changeViolations(simTimeS: number, i: number, run: LinkRun, colour: Colour, colours: Colour[], runs: LinkRun[]): Violation[] {
    const heldS = simTimeS - run.sinceS; // NaN for the first run: not judged
    const { minGreenS, yellowS, allRedS } = this.card;
    if (run.colour === 'green' && heldS < minGreenS) return [{ kind: 'short-green', simTimeS, links: [i], detail: `link ${i} green ${heldS} s < ${minGreenS} s` }];
    if (run.colour === 'green' && colour === 'red' && yellowS > 0) return [{ kind: 'short-yellow', simTimeS, links: [i], detail: `link ${i} green to red without yellow` }];
    if (run.colour === 'yellow' && heldS < yellowS) return [{ kind: 'short-yellow', simTimeS, links: [i], detail: `link ${i} yellow ${heldS} s < ${yellowS} s` }];
    if (colour !== 'green') return [];
    // Turning green: every conflicting link must have been red for the all-red time (a yellow one is still clearing).
    const found: Violation[] = [];
    colours.forEach((other, k) => {
      if (k === i || this.card.compatible[i]?.has(k)) return;
      // A link turning red in this very step has been red for 0 s.
      const redSinceS = runs[k]?.colour === 'red' ? (runs[k]?.redSinceS ?? Number.NaN) : simTimeS;
      const redS = simTimeS - redSinceS;
      // A conflicting link flashing (operator flash, 'o') has not cleared either.
      if (other === 'yellow' || other === 'off' || (other === 'red' && redS < allRedS)) {
        const why = other === 'red' ? `red only ${redS} s < ${allRedS} s` : other === 'yellow' ? 'still yellow' : 'still flashing';
        found.push({ kind: 'short-all-red', simTimeS, links: [k, i], detail: `link ${i} green while conflicting link ${k} ${why}` });
      }
    });
    return found;
  }
}
