import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { prefersReducedMotion } from '../hooks';
import { useLiveStore } from '../live/live-hooks';
import { intersectionStatus } from '../live/live-status';
import type { LiveStore } from '../live/live-store';
import { displayName, type NetworkIndex } from '../network/network-index';
import type { Selection } from '../network/selection';
import type { LinkLiveStore } from './link-live-store';
import { MapLegend } from './map-legend';
import { MapViewControls, type MapViewSettings } from './map-view-controls';
import { NetworkMapController, type HoverInfo } from './network-map-controller';

interface Props {
  network: NetworkIndex;
  /** Link estimates and predictions: the live ones, or a replay's (the LiveStore comes from the context either way). */
  links: LinkLiveStore;
  selection: Selection | null;
  onSelect: (selection: Selection) => void;
  /** Changes when a selection made outside the map (the list) should bring its feature into view. */
  focusRequest: { selection: Selection; seq: number } | null;
}

function debugHandleWanted(): boolean {
  return import.meta.env.DEV || new URLSearchParams(window.location.search).has('debug');
}

const INITIAL_SETTINGS: MapViewSettings = { colorMode: 'level', showPrediction: false, predictionHorizonMin: 15 };

export function NetworkMap({ network, links, selection, onSelect, focusRequest }: Props) {
  const { t, i18n } = useTranslation();
  const store = useLiveStore();
  const containerRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<NetworkMapController | null>(null);
  const [ready, setReady] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [view, setView] = useState<MapViewSettings>(INITIAL_SETTINGS);
  const layerSettings = { ...view, language: i18n.language };
  // The controller outlives renders; it reads the latest callback, label, sources and settings through refs.
  const onSelectRef = useRef(onSelect);
  const labelRef = useRef(t('map.label'));
  const selectionRef = useRef(selection);
  const sourcesRef = useRef({ store, links });
  const settingsRef = useRef(layerSettings);
  useLayoutEffect(() => {
    onSelectRef.current = onSelect;
    labelRef.current = t('map.label');
    selectionRef.current = selection;
    sourcesRef.current = { store, links };
    settingsRef.current = layerSettings;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    const controller = new NetworkMapController(
      container,
      network,
      sourcesRef.current.store,
      sourcesRef.current.links,
      { onSelect: (s) => onSelectRef.current(s), onHover: setHover, onReady: setReady, onUnavailable: () => setUnavailable(true) },
      { exposeDebugHandle: debugHandleWanted(), reducedMotion: prefersReducedMotion(), ariaLabel: labelRef.current, settings: settingsRef.current },
    );
    controller.start();
    controller.setSelection(selectionRef.current);
    controllerRef.current = controller;
    return () => {
      controllerRef.current = null;
      controller.stop();
      setHover(null);
    };
  }, [network]);

  useEffect(() => controllerRef.current?.setSources(store, links), [store, links]);
  useEffect(() => controllerRef.current?.setSelection(selection), [selection]);
  useEffect(() => {
    if (focusRequest) controllerRef.current?.focus(focusRequest.selection);
  }, [focusRequest]);
  useEffect(() => controllerRef.current?.setAriaLabel(t('map.label')), [t, i18n.language]);
  const { colorMode, showPrediction, predictionHorizonMin } = view;
  useEffect(
    () => controllerRef.current?.setSettings({ colorMode, showPrediction, predictionHorizonMin, language: i18n.language }),
    [colorMode, showPrediction, predictionHorizonMin, i18n.language],
  );

  if (unavailable) {
    return (
      <div className="map-area">
        <div className="map-unavailable" role="alert" data-testid="map-unavailable">
          <h2>{t('map.unavailableTitle')}</h2>
          <p>{t('map.unavailableWebgl')}</p>
          <p>{t('map.unavailableHint')}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="map-area">
      <div ref={containerRef} className="map" data-testid="network-map" data-network-ready={ready ? 'true' : 'false'} />
      {hover && <HoverTip hover={hover} network={network} store={store} language={i18n.language} />}
      <MapViewControls settings={view} onChange={setView} />
      <div className="map-controls" role="group" aria-label={t('map.controls')}>
        <button type="button" onClick={() => controllerRef.current?.zoomBy(1)} aria-label={t('map.zoomIn')} title={t('map.zoomIn')}>
          <span aria-hidden="true">+</span>
        </button>
        <button type="button" onClick={() => controllerRef.current?.zoomBy(-1)} aria-label={t('map.zoomOut')} title={t('map.zoomOut')}>
          <span aria-hidden="true">−</span>
        </button>
        <button type="button" onClick={() => controllerRef.current?.resetView()} aria-label={t('map.resetView')} title={t('map.resetView')}>
          <span aria-hidden="true">⌂</span>
        </button>
      </div>
      <MapLegend mode={view.colorMode} predictionHorizonMin={view.showPrediction ? view.predictionHorizonMin : null} />
    </div>
  );
}

function HoverTip({ hover, network, store, language }: { hover: HoverInfo; network: NetworkIndex; store: LiveStore; language: string }) {
  const { t } = useTranslation();
  let text: string;
  if (hover.kind === 'intersection') {
    const feature = network.intersections.get(hover.id);
    const live = store.intersection(hover.id);
    const green = live?.phases.find((p) => p.state === 'green');
    const parts = [feature ? displayName(feature.properties, language) : hover.id, t(`status.${intersectionStatus(live)}`)];
    if (green) parts.push(t('map.greenPhase', { id: green.id, seconds: Math.round(green.remainingS) }));
    text = parts.join(' · ');
  } else {
    const feature = network.detectors.get(hover.id);
    const parent = feature ? network.intersections.get(feature.properties.intersectionId) : undefined;
    text = `${t('detector.kind')} ${hover.id}${parent ? ` · ${displayName(parent.properties, language)}` : ''}`;
  }
  return (
    <div className="hover-tip" style={{ transform: `translate(${hover.x + 12}px, ${hover.y + 12}px)` }} aria-hidden="true">
      {text}
    </div>
  );
}
