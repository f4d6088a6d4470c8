import { useTranslation } from 'react-i18next';
import type { NetworkIndex } from '../network/network-index';
import type { Selection } from '../network/selection';
import { DetectorDetails } from './detector-details';
import { IntersectionDetails } from './intersection-details';
import { IntersectionList } from './intersection-list';

export interface PanelProps {
  network: NetworkIndex;
  /** `focus` asks the map to bring the selected feature into view (selections made in the panel). */
  onSelect: (selection: Selection, options?: { focus: boolean }) => void;
  onClose: () => void;
}

export function SidePanel({ selection, ...props }: PanelProps & { selection: Selection | null }) {
  const { t } = useTranslation();
  return (
    <aside className="side-panel" aria-label={t('panel.label')}>
      {selection === null && <IntersectionList {...props} />}
      {selection?.kind === 'intersection' && <IntersectionDetails key={selection.id} id={selection.id} {...props} />}
      {selection?.kind === 'detector' && <DetectorDetails key={selection.id} id={selection.id} {...props} />}
    </aside>
  );
}
