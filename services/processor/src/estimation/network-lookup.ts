/**
 * Indexes of a network model that estimation and quality look things up in: detectors per link and approach, links
 * per district, and each detector's neighbours for cross-checks and imputation.
 */
import { detectorsOf, linksOf, type DetectorProperties, type LinkProperties, type NetworkModel } from '@arterial/contracts/network';
import { districtOf } from './road-class.resolver';

export interface Neighbour {
  readonly detectorId: string;
  /** How close the relation is: other lanes of the same cross-section first, then the same link, then adjacent links. */
  readonly relation: 'same-section' | 'same-link' | 'adjacent-link';
}

const RELATION_ORDER: Record<Neighbour['relation'], number> = { 'same-section': 0, 'same-link': 1, 'adjacent-link': 2 };

export class NetworkLookup {
  readonly detectors = new Map<string, DetectorProperties>();
  readonly links = new Map<string, LinkProperties>();
  readonly detectorsByLink = new Map<string, DetectorProperties[]>();
  readonly detectorsByApproach = new Map<string, DetectorProperties[]>();
  readonly linksByDistrict = new Map<string, LinkProperties[]>();
  private readonly neighbourCache = new Map<string, readonly Neighbour[]>();

  constructor(model: NetworkModel) {
    for (const f of linksOf(model)) {
      const link = f.properties;
      this.links.set(link.id, link);
      push(this.linksByDistrict, districtOf(link), link);
    }
    for (const f of detectorsOf(model)) {
      const d = f.properties;
      this.detectors.set(d.id, d);
      push(this.detectorsByLink, d.linkId, d);
      push(this.detectorsByApproach, d.approachId, d);
    }
  }

  /**
   * Detectors whose counts are related to this one's, nearest first: same link and placement (other lanes of the same
   * cross-section), other detectors on the same link, then detectors on links that feed into or leave from its link.
   * Regression on these is what Chen et al. (2003, TRR 1855) impute from.
   */
  neighboursOf(detectorId: string): readonly Neighbour[] {
    const cached = this.neighbourCache.get(detectorId);
    if (cached) return cached;
    const self = this.detectors.get(detectorId);
    if (!self) return [];
    const link = this.links.get(self.linkId);
    const out: Neighbour[] = [];
    for (const d of this.detectorsByLink.get(self.linkId) ?? []) {
      if (d.id === self.id) continue;
      out.push({ detectorId: d.id, relation: d.placement === self.placement ? 'same-section' : 'same-link' });
    }
    if (link) {
      for (const other of this.links.values()) {
        if (other.id === link.id) continue;
        const adjacent = other.toNode === link.fromNode || other.fromNode === link.toNode;
        // a link's reverse direction shares both nodes but carries other traffic
        const reverse = other.fromNode === link.toNode && other.toNode === link.fromNode;
        if (!adjacent || reverse) continue;
        for (const d of this.detectorsByLink.get(other.id) ?? []) out.push({ detectorId: d.id, relation: 'adjacent-link' });
      }
    }
    out.sort((a, b) => RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] || a.detectorId.localeCompare(b.detectorId));
    this.neighbourCache.set(detectorId, out);
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
