/**
 * Incidents that close a whole approach: a SUMO `<rerouter>` closes every lane of the edge for the incident's
 * interval, and vehicles whose route uses it take another way when they enter one of the edges up to two links
 * upstream of it (not every edge of the net: each trigger costs a route query per vehicle). Unlike a vehicle stopped
 * on one lane of a two-lane approach, the closed approach's loops count nothing and its neighbours carry the
 * diverted traffic.
 */

export interface ApproachClosure {
  edgeId: string;
  beginS: number;
  durationS: number;
}

export interface LinkedEdge {
  id: string;
  from: string;
  to: string;
}

/** Edges that lead into `edge` within `links` links, nearest first. */
export function upstreamEdges(edges: readonly LinkedEdge[], edge: LinkedEdge, links: number): LinkedEdge[] {
  const found: LinkedEdge[] = [];
  let frontier = [edge];
  for (let k = 0; k < links; k++) {
    const next = edges.filter((e) => frontier.some((f) => e.to === f.from) && e.id !== edge.id && !found.includes(e));
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** An additional file with one rerouter per closure, triggered on the edges two links upstream of the closed one. */
export function approachClosuresXml(edges: readonly LinkedEdge[], closures: readonly ApproachClosure[]): string {
  const rerouters = closures.map((closure, k) => {
    const closed = edges.find((e) => e.id === closure.edgeId);
    if (!closed) throw new Error(`closure ${k}: no edge ${closure.edgeId}`);
    const triggers = upstreamEdges(edges, closed, 2).map((e) => e.id).join(' ');
    const endS = closure.beginS + closure.durationS;
    return `  <rerouter id="closure${k}" edges="${triggers}">\n    <interval begin="${closure.beginS}" end="${endS}"><closingReroute id="${closure.edgeId}"/></interval>\n  </rerouter>`;
  });
  return `<additional>\n${rerouters.join('\n')}\n</additional>\n`;
}
