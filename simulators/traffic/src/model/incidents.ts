/** Lane closures (crashes, road works): while active they cut a link's capacity and storage by the closed lanes' share. */

export interface LaneClosure {
  linkId: string;
  lanesClosed: number;
  startMs: number;
  endMs: number;
}

/** Share of a link's lanes open at tMs, in [0, 1]; overlapping closures add up. */
export function openLaneShare(closures: readonly LaneClosure[], lanes: number, tMs: number): number {
  let closed = 0;
  for (const c of closures) if (tMs >= c.startMs && tMs < c.endMs) closed += c.lanesClosed;
  return Math.max(0, lanes - closed) / lanes;
}

/** Parses `link:lanes:startISO:endISO` (the ISO times may contain colons). */
export function parseLaneClosure(text: string): LaneClosure {
  const match = /^([^:]+):(\d+):(.+)$/.exec(text);
  const times = match?.[3]?.split(/:(?=\d{4}-\d{2}-\d{2}T)/);
  const lanesClosed = Number(match?.[2]);
  const startMs = Date.parse(times?.[0] ?? '');
  const endMs = Date.parse(times?.[1] ?? '');
  if (!match?.[1] || times?.length !== 2 || !(lanesClosed >= 1) || Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) {
    throw new Error(`incident must be link:lanes:startISO:endISO with lanes ≥ 1 and end after start, got ${JSON.stringify(text)}`);
  }
  return { linkId: match[1], lanesClosed, startMs, endMs };
}
