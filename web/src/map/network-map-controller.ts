/**
 * Owns one MapLibre map for its whole life: `start` creates the map, adds the network and subscribes to live
 * changes; `stop` undoes each of those, in reverse. React only drives it (selection, language, buttons), so
 * no live message ever re-creates the map or re-renders React for the sake of the map.
 */
import { Map as MapLibreMap, type MapMouseEvent, type PointLike } from 'maplibre-gl';
import { liveCommitScheduler } from '../live/commit-scheduler';
import { detectorStatus, congestionLevel, intersectionStatus, linkOccupancyPct } from '../live/live-status';
import type { LiveChanges, LiveStore } from '../live/live-store';
import type { NetworkIndex } from '../network/network-index';
import type { Selection, SelectionKind } from '../network/selection';
import { gbtIndex, LINK_STATE, PREDICTION_HORIZONS_MIN, predictionStateKey } from './link-color-modes';
import type { LinkChanges, LinkLiveStore } from './link-live-store';
import {
  addNetworkLayers,
  applyLayerSettings,
  LAYERS,
  LOCAL_IDEOGRAPH_FONTS,
  offlineBaseStyle,
  PICKABLE_LAYERS,
  SOURCES,
  type LayerSettings,
} from './network-layers';
import { webglAvailable } from './webgl-support';

type StateValue = string | number | boolean | null;

export interface HoverInfo {
  kind: SelectionKind;
  id: string;
  /** Pointer position in CSS pixels relative to the map container. */
  x: number;
  y: number;
}

export interface NetworkMapCallbacks {
  onSelect(selection: Selection): void;
  onHover(hover: HoverInfo | null): void;
  onReady(ready: boolean): void;
  /** The map cannot be drawn at all (no WebGL); the rest of the app keeps working. */
  onUnavailable(reason: 'webgl'): void;
}

export interface NetworkMapOptions {
  /** Expose the map as `window.__arterialMap` for tests and debugging. */
  exposeDebugHandle: boolean;
  reducedMotion: boolean;
  ariaLabel: string;
  settings: LayerSettings;
}

declare global {
  interface Window {
    __arterialMap?: MapLibreMap;
  }
}

/** Time-based states (stale detectors) are re-evaluated at least this often on the server clock. */
const FULL_REFRESH_MS = 5_000;
/** Pick tolerance around the pointer, CSS pixels. */
const PICK_RADIUS_PX = 6;

const LAYER_KIND: Record<string, SelectionKind> = { [LAYERS.detectors]: 'detector', [LAYERS.intersections]: 'intersection' };
const SOURCE_OF: Record<SelectionKind, string> = { detector: SOURCES.detectors, intersection: SOURCES.intersections };

export class NetworkMapController {
  private map: MapLibreMap | null = null;
  private removeLayers: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopDrawingCommits: (() => void) | null = null;
  /** Feature-state writes so far, and as of the last render: a commit that wrote anything is drawn in its own frame. */
  private writes = 0;
  private drawnWrites = 0;
  private selection: Selection | null = null;
  private lastFullRefreshAt = Number.NEGATIVE_INFINITY;
  private settings: LayerSettings;
  /** Last feature-state written per source and id, so unchanged values cost nothing. */
  private readonly written = new Map<string, Map<string, Record<string, StateValue>>>();

  constructor(
    private readonly container: HTMLElement,
    private readonly network: NetworkIndex,
    private store: LiveStore,
    private links: LinkLiveStore,
    private readonly callbacks: NetworkMapCallbacks,
    private readonly options: NetworkMapOptions,
  ) {
    this.settings = options.settings;
  }

  start(): void {
    if (!webglAvailable()) {
      this.callbacks.onUnavailable('webgl');
      return;
    }
    const { center, zoom } = this.network.model.view;
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container: this.container,
        style: offlineBaseStyle(window.location.origin),
        localIdeographFontFamily: LOCAL_IDEOGRAPH_FONTS,
        center,
        zoom,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        maxPitch: 0,
        fadeDuration: 0,
      });
    } catch {
      // A context can still fail after the probe (blocklisted driver, too many contexts).
      this.callbacks.onUnavailable('webgl');
      return;
    }
    map.touchZoomRotate.disableRotation();
    this.map = map;
    this.setAriaLabel(this.options.ariaLabel);
    if (this.options.exposeDebugHandle) window.__arterialMap = map;
    map.on('load', this.onLoad);
    map.on('click', this.onClick);
    map.on('mousemove', this.onMouseMove);
    map.on('mouseout', this.onMouseOut);
  }

  stop(): void {
    const map = this.map;
    if (map === null) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopDrawingCommits?.();
    this.stopDrawingCommits = null;
    map.off('render', this.onRender);
    map.off('load', this.onLoad);
    map.off('click', this.onClick);
    map.off('mousemove', this.onMouseMove);
    map.off('mouseout', this.onMouseOut);
    this.removeLayers?.();
    this.removeLayers = null;
    this.written.clear();
    if (window.__arterialMap === map) delete window.__arterialMap;
    map.remove();
    this.map = null;
    this.callbacks.onReady(false);
  }

  setSelection(next: Selection | null): void {
    const map = this.map;
    const previous = this.selection;
    this.selection = next;
    if (map === null || this.removeLayers === null) return;
    if (previous) map.setFeatureState({ source: SOURCE_OF[previous.kind], id: previous.id }, { selected: false });
    if (next) map.setFeatureState({ source: SOURCE_OF[next.kind], id: next.id }, { selected: true });
  }

  /** Brings a feature into view without changing the zoom out of the operator's hands unless needed. */
  focus(selection: Selection): void {
    const map = this.map;
    if (map === null) return;
    const feature = selection.kind === 'intersection' ? this.network.intersections.get(selection.id) : this.network.detectors.get(selection.id);
    if (!feature) return;
    map.easeTo({ center: feature.geometry.coordinates, zoom: Math.max(map.getZoom(), 15), duration: this.options.reducedMotion ? 0 : 600 });
  }

  zoomBy(delta: number): void {
    this.map?.easeTo({ zoom: this.map.getZoom() + delta, duration: this.options.reducedMotion ? 0 : 250 });
  }

  resetView(): void {
    const { center, zoom } = this.network.model.view;
    this.map?.easeTo({ center, zoom, duration: this.options.reducedMotion ? 0 : 600 });
  }

  /** Switches what the map shows (live or a replay) without touching sources or layers: only feature-state changes. */
  setSources(store: LiveStore, links: LinkLiveStore): void {
    if (store === this.store && links === this.links) return;
    this.store = store;
    this.links = links;
    if (this.removeLayers === null) return;
    this.subscribe();
    this.lastFullRefreshAt = Number.NEGATIVE_INFINITY;
    this.refreshAll();
  }

  setSettings(settings: LayerSettings): void {
    const previous = this.settings;
    this.settings = settings;
    if (this.map === null || this.removeLayers === null) return;
    if (
      previous.colorMode === settings.colorMode &&
      previous.predictionHorizonMin === settings.predictionHorizonMin &&
      previous.showPrediction === settings.showPrediction &&
      previous.language === settings.language
    ) return;
    applyLayerSettings(this.map, settings);
  }

  setAriaLabel(label: string): void {
    this.map?.getCanvas().setAttribute('aria-label', label);
  }

  private readonly onLoad = (): void => {
    const map = this.map;
    if (map === null) return;
    this.removeLayers = addNetworkLayers(map, this.network, this.settings);
    this.subscribe();
    this.refreshAll();
    this.setSelection(this.selection);
    map.on('render', this.onRender);
    this.stopDrawingCommits = liveCommitScheduler.onCommitted(this.drawCommitted);
    this.callbacks.onReady(true);
  };

  private readonly onRender = (): void => {
    this.drawnWrites = this.writes;
  };

  /**
   * Draws what the live stores just committed now, in their frame. Left to itself, MapLibre would draw in the next
   * frame, and with software WebGL each of the two frames would be long: the commit's writes in one, the repaint in
   * the other.
   */
  private readonly drawCommitted = (): void => {
    if (this.writes !== this.drawnWrites) this.map?.redraw();
  };

  private subscribe(): void {
    this.unsubscribe?.();
    const offLive = this.store.subscribe(this.onLiveChanges);
    const offLinks = this.links.subscribe(this.onLinkChanges);
    this.unsubscribe = () => {
      offLive();
      offLinks();
    };
  }

  private readonly onLinkChanges = (changes: LinkChanges): void => {
    if (changes.reset) {
      for (const id of this.network.links.keys()) this.updateLinkEstimate(id);
      return;
    }
    for (const id of changes.estimates) this.updateLinkEstimate(id);
    for (const id of changes.predictions) this.updateLinkEstimate(id);
  };

  private readonly onLiveChanges = (changes: LiveChanges): void => {
    const now = this.store.latestServerTime();
    if (changes.reset || (now !== null && now - this.lastFullRefreshAt >= FULL_REFRESH_MS)) {
      this.refreshAll();
      return;
    }
    const links = new Set<string>();
    for (const id of changes.detectors) {
      this.updateDetector(id, now);
      const linkId = this.network.detectors.get(id)?.properties.linkId;
      if (linkId !== undefined) links.add(linkId);
    }
    for (const id of links) this.updateLink(id, now);
    for (const id of changes.intersections) this.updateIntersection(id);
  };

  private refreshAll(): void {
    const now = this.store.latestServerTime();
    this.lastFullRefreshAt = now ?? Number.NEGATIVE_INFINITY;
    for (const id of this.network.detectors.keys()) this.updateDetector(id, now);
    for (const id of this.network.links.keys()) {
      this.updateLink(id, now);
      this.updateLinkEstimate(id);
    }
    for (const id of this.network.intersections.keys()) this.updateIntersection(id);
  }

  private updateDetector(id: string, now: number | null): void {
    if (!this.network.detectors.has(id)) return;
    this.write(SOURCES.detectors, id, { status: detectorStatus(this.store.detector(id), now) });
  }

  private updateLink(id: string, now: number | null): void {
    if (!this.network.links.has(id)) return;
    const detectorIds = this.network.detectorsByLink.get(id) ?? [];
    const occupancy = linkOccupancyPct(
      detectorIds.map((d) => this.store.detector(d)),
      now,
    );
    this.write(SOURCES.links, id, { [LINK_STATE.occupancy]: congestionLevel(occupancy) });
  }

  /** Estimate and predicted levels of a link: one feature-state call with every key that changed. */
  private updateLinkEstimate(id: string): void {
    if (!this.network.links.has(id)) return;
    const estimate = this.links.estimate(id);
    const values: Record<string, StateValue> = {
      [LINK_STATE.level]: gbtIndex(estimate?.level),
      [LINK_STATE.tti]: estimate?.tti ?? null,
      [LINK_STATE.speed]: estimate?.speedKph ?? null,
    };
    const prediction = this.links.prediction(id);
    for (const horizon of PREDICTION_HORIZONS_MIN) {
      const forecast = prediction?.horizons.find((h) => h.horizonMin === horizon);
      values[predictionStateKey(horizon)] = gbtIndex(forecast?.level);
    }
    this.write(SOURCES.links, id, values);
  }

  private updateIntersection(id: string): void {
    if (!this.network.intersections.has(id)) return;
    const live = this.store.intersection(id);
    const status = intersectionStatus(live);
    const alarm = status === 'offline' || (live?.faults.length ?? 0) > 0;
    const running = status !== 'offline' && status !== 'off' ? live?.phases.find((p) => p.state === 'green') : undefined;
    this.write(SOURCES.intersections, id, { status, alarm, phase: running?.id ?? 0 });
  }

  /** Writes only the keys whose value differs from what this controller last wrote, in one call per feature. */
  private write(source: string, id: string, values: Record<string, StateValue>): void {
    const map = this.map;
    if (map === null) return;
    let cache = this.written.get(source);
    if (!cache) this.written.set(source, (cache = new Map()));
    let last = cache.get(id);
    if (!last) cache.set(id, (last = {}));
    let changed: Record<string, StateValue> | null = null;
    for (const key in values) {
      const value = values[key] as StateValue;
      if (key in last && last[key] === value) continue;
      last[key] = value;
      (changed ??= {})[key] = value;
    }
    if (changed === null) return;
    map.setFeatureState({ source, id }, changed);
    this.writes += 1;
  }

  private pick(point: { x: number; y: number }): { kind: SelectionKind; id: string } | null {
    const map = this.map;
    if (map === null || this.removeLayers === null) return null;
    const box: [PointLike, PointLike] = [
      [point.x - PICK_RADIUS_PX, point.y - PICK_RADIUS_PX],
      [point.x + PICK_RADIUS_PX, point.y + PICK_RADIUS_PX],
    ];
    const features = map.queryRenderedFeatures(box, { layers: [...PICKABLE_LAYERS] });
    // Rendered order is topmost first; prefer the smaller detectors when both are under the pointer.
    for (const layerId of PICKABLE_LAYERS) {
      const hit = features.find((f) => f.layer.id === layerId);
      const id = hit?.properties.id as unknown;
      const kind = LAYER_KIND[layerId];
      if (typeof id === 'string' && kind) return { kind, id };
    }
    return null;
  }

  private readonly onClick = (event: MapMouseEvent): void => {
    const hit = this.pick(event.point);
    if (hit) this.callbacks.onSelect(hit);
  };

  private readonly onMouseMove = (event: MapMouseEvent): void => {
    const hit = this.pick(event.point);
    if (this.map) this.map.getCanvas().style.cursor = hit ? 'pointer' : '';
    this.callbacks.onHover(hit ? { ...hit, x: event.point.x, y: event.point.y } : null);
  };

  private readonly onMouseOut = (): void => {
    this.callbacks.onHover(null);
  };
}
