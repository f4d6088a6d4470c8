import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { prefersReducedMotion } from '../hooks';
import { useLiveStore } from '../live/live-hooks';
import { displayName, type NetworkIndex } from '../network/network-index';
import type { Selection } from '../network/selection';
import { MapLegend } from './map-legend';
import { NetworkMapController, type HoverInfo } from './network-map-controller';

interface Props {
  network: NetworkIndex;
  selection: Selection | null;
  onSelect: (selection: Selection) => void;
  /** Changes when a selection made outside the map (the list) should bring its feature into view. */
  focusRequest: { selection: Selection; seq: number } | null;
}

function debugHandleWanted(): boolean {
  return import.meta.env.DEV || new URLSearchParams(window.location.search).has('debug');
}

export function NetworkMap({ network, selection, onSelect, focusRequest }: Props) {
  const { t, i18n } = useTranslation();
  const store = useLiveStore();
  const containerRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<NetworkMapController | null>(null);
  const [ready, setReady] = useState(false);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  // The controller outlives renders; it reads the latest callback, label and selection through refs.
  const onSelectRef = useRef(onSelect);
  const labelRef = useRef(t('map.label'));
  const selectionRef = useRef(selection);
  useLayoutEffect(() => {
    onSelectRef.current = onSelect;
    labelRef.current = t('map.label');
    selectionRef.current = selection;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    const controller = new NetworkMapController(
      container,
      network,
      store,
      { onSelect: (s) => onSelectRef.current(s), onHover: setHover, onReady: setReady },
      { exposeDebugHandle: debugHandleWanted(), reducedMotion: prefersReducedMotion(), ariaLabel: labelRef.current },
    );
    controller.start();
    controller.setSelection(selectionRef.current);
    controllerRef.current = controller;
    return () => {
      controllerRef.current = null;
      controller.stop();
      setHover(null);
    };
  }, [network, store]);

  useEffect(() => controllerRef.current?.setSelection(selection), [selection]);
  useEffect(() => {
    if (focusRequest) controllerRef.current?.focus(focusRequest.selection);
  }, [focusRequest]);
  useEffect(() => controllerRef.current?.setAriaLabel(t('map.label')), [t, i18n.language]);

  return (
    <div className="map-area">
      <div ref={containerRef} className="map" data-testid="network-map" data-network-ready={ready ? 'true' : 'false'} />
      {hover && <HoverTip hover={hover} network={network} language={i18n.language} />}
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
      <MapLegend />
    </div>
  );
}

function HoverTip({ hover, network, language }: { hover: HoverInfo; network: NetworkIndex; language: string }) {
  const { t } = useTranslation();
  let text: string;
  if (hover.kind === 'intersection') {
    const feature = network.intersections.get(hover.id);
    text = feature ? displayName(feature.properties, language) : hover.id;
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
