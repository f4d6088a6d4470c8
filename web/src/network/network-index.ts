/** Lookups over the network model, built once per model: by id, and detectors per link and per intersection. */
import type { DetectorFeature, IntersectionFeature, LinkFeature, NetworkModel } from '../api/types';

export interface NetworkIndex {
  model: NetworkModel;
  intersections: ReadonlyMap<string, IntersectionFeature>;
  links: ReadonlyMap<string, LinkFeature>;
  detectors: ReadonlyMap<string, DetectorFeature>;
  detectorsByLink: ReadonlyMap<string, readonly string[]>;
  detectorsByIntersection: ReadonlyMap<string, readonly string[]>;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexNetwork(model: NetworkModel): NetworkIndex {
  const intersections = new Map<string, IntersectionFeature>();
  const links = new Map<string, LinkFeature>();
  const detectors = new Map<string, DetectorFeature>();
  const detectorsByLink = new Map<string, string[]>();
  const detectorsByIntersection = new Map<string, string[]>();
  for (const feature of model.features) {
    // Narrowing on properties.kind does not narrow the feature union, hence the casts.
    switch (feature.properties.kind) {
      case 'intersection':
        intersections.set(feature.properties.id, feature as IntersectionFeature);
        break;
      case 'link':
        links.set(feature.properties.id, feature as LinkFeature);
        break;
      case 'detector': {
        const p = feature.properties;
        detectors.set(p.id, feature as DetectorFeature);
        push(detectorsByLink, p.linkId, p.id);
        push(detectorsByIntersection, p.intersectionId, p.id);
        break;
      }
    }
  }
  return { model, intersections, links, detectors, detectorsByLink, detectorsByIntersection };
}

/** The Chinese name when the UI is in Chinese and one exists. */
export function displayName(named: { name: string; nameZh?: string | undefined }, language: string): string {
  return language.startsWith('zh') && named.nameZh ? named.nameZh : named.name;
}
