/**
 * Detectors declared in SUMO additional files: induction loops (`inductionLoop`, or its old name `e1Detector`) and
 * lane-area detectors (`laneAreaDetector` / `e2Detector`). A lane-area detector is placed where its downstream end
 * is (the end nearest the stop line), which is what decides stop-bar or advance.
 */
import { type OpenXmlFile, visitXmlFile, visitXmlText, type XmlVisitor } from '../xml/xml-element.reader';

export type NetDetectorKind = 'loop' | 'lane-area';

export interface NetInductionLoop {
  id: string;
  laneId: string;
  /** Position on the lane as written: negative counts back from the lane's end. */
  posM: number;
  /** Absent: an induction loop. */
  kind?: NetDetectorKind;
}

export async function readInductionLoops(additionalFile: string, open?: OpenXmlFile): Promise<NetInductionLoop[]> {
  const collector = loopCollector();
  await visitXmlFile(additionalFile, collector.visit, { open });
  return collector.loops;
}

export function parseInductionLoops(xml: string, name = 'additional.xml'): NetInductionLoop[] {
  const collector = loopCollector();
  visitXmlText(xml, collector.visit, name);
  return collector.loops;
}

function loopCollector(): { visit: XmlVisitor; loops: NetInductionLoop[] } {
  const loops: NetInductionLoop[] = [];
  const visit: XmlVisitor = ({ name, attrs }) => {
    if (!attrs.id) return;
    if (name === 'inductionLoop' || name === 'e1Detector') loops.push({ id: attrs.id, laneId: attrs.lane ?? '', posM: Number(attrs.pos ?? 0) });
    if (name === 'laneAreaDetector' || name === 'e2Detector') {
      // A detector over several lanes (`lanes`) ends on the last of them.
      const laneId = attrs.lane ?? (attrs.lanes ?? '').trim().split(/\s+/).pop() ?? '';
      const endM = attrs.endPos !== undefined ? Number(attrs.endPos) : Number(attrs.pos ?? 0) + Number(attrs.length ?? 0);
      loops.push({ id: attrs.id, laneId, posM: endM, kind: 'lane-area' });
    }
  };
  return { visit, loops };
}
