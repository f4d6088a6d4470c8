/** Where "show on map" goes for an alert's place. */
import type { AlertPlace } from '../api/types';
import type { NetworkIndex } from '../network/network-index';
import type { Selection } from '../network/selection';

/**
 * The selection the map and side panel understand: intersections and detectors as they are; a link by the
 * junction it flows into (the panel has no link view); network- and area-wide alerts have no single place.
 */
export function selectionForPlace(place: AlertPlace, network: NetworkIndex): Selection | null {
  switch (place.type) {
    case 'intersection':
      return network.intersections.has(place.id) ? { kind: 'intersection', id: place.id } : null;
    case 'detector':
      return network.detectors.has(place.id) ? { kind: 'detector', id: place.id } : null;
    case 'link': {
      const toNode = network.links.get(place.id)?.properties.toNode;
      return toNode !== undefined && network.intersections.has(toNode) ? { kind: 'intersection', id: toNode } : null;
    }
    case 'network':
    case 'area':
      return null;
  }
}
