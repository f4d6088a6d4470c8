import { memo, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveIntersectionStatus } from '../live/live-hooks';
import { INTERSECTION_COLORS } from '../map/palette';
import { displayName } from '../network/network-index';
import type { IntersectionFeature } from '../api/types';
import { StatusDot } from './panel-parts';
import type { PanelProps } from './side-panel';

const IntersectionRow = memo(function IntersectionRow({ feature, onSelect }: { feature: IntersectionFeature; onSelect: PanelProps['onSelect'] }) {
  const { t, i18n } = useTranslation();
  const id = feature.properties.id;
  // The status alone: a row (there are thousands) must not re-render for every signal state message.
  const status = useLiveIntersectionStatus(id);
  return (
    <li>
      <button type="button" className="list-row" onClick={() => onSelect({ kind: 'intersection', id }, { focus: true })}>
        <StatusDot color={INTERSECTION_COLORS[status]} />
        <span className="list-row__name">{displayName(feature.properties, i18n.language)}</span>
        <span className="list-row__meta">{t(`status.${status}`)}</span>
      </button>
    </li>
  );
});

export function IntersectionList({ network, onSelect }: PanelProps) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const features = useMemo(() => {
    const query = filter.trim().toLowerCase();
    const all = [...network.intersections.values()];
    const matching = query
      ? all.filter(({ properties: p }) => [p.id, p.name, p.nameZh ?? ''].some((text) => text.toLowerCase().includes(query)))
      : all;
    return matching.sort((a, b) => displayName(a.properties, i18n.language).localeCompare(displayName(b.properties, i18n.language), i18n.language));
  }, [network, filter, i18n.language]);
  return (
    <section className="panel-section">
      <h2>{t('panel.overview')}</h2>
      <p className="hint">{t('panel.overviewHint')}</p>
      <label className="filter" htmlFor={filterId}>
        <span>{t('panel.filter')}</span>
        <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
      </label>
      <ul className="list" data-testid="intersection-list">
        {features.map((feature) => (
          <IntersectionRow key={feature.properties.id} feature={feature} onSelect={onSelect} />
        ))}
      </ul>
    </section>
  );
}
