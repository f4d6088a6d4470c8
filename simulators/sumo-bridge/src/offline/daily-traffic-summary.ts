/**
 * Per-day totals from the scenario's daily `edgeData` output: vehicles departed, mean time loss per departed vehicle
 * and teleports. The check that a long run stays below saturation: a grid that locks up shows time loss in the
 * hundreds of seconds and teleports by the hundred.
 */
import { visitXmlFile } from '../xml/xml-element.reader';

export interface DayTraffic {
  day: number;
  departed: number;
  meanTimeLossS: number;
  teleported: number;
}

export async function dailyTrafficSummary(edgeDataFile: string, dayS = 86_400): Promise<DayTraffic[]> {
  const days = new Map<number, { departed: number; timeLossS: number; teleported: number }>();
  await visitXmlFile(
    edgeDataFile,
    ({ name, attrs, parent, parentAttrs }) => {
      if (name !== 'edge' || parent !== 'interval') return;
      const day = Math.floor(Number(parentAttrs.begin) / dayS);
      const d = days.get(day) ?? { departed: 0, timeLossS: 0, teleported: 0 };
      d.departed += Number(attrs.departed ?? 0);
      // edgeData's timeLoss is the sum over the vehicles on the edge.
      d.timeLossS += Number(attrs.timeLoss ?? 0);
      d.teleported += Number(attrs.teleported ?? 0);
      days.set(day, d);
    },
    { allowTruncated: true },
  );
  return [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, d]) => ({ day, departed: d.departed, meanTimeLossS: d.departed > 0 ? Math.round(d.timeLossS / d.departed) : 0, teleported: d.teleported }));
}
