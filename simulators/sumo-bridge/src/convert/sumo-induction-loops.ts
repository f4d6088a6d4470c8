/** Induction loops (`inductionLoop`, or its old name `e1Detector`) declared in SUMO additional files. */
import { type OpenXmlFile, visitXmlFile, visitXmlText, type XmlVisitor } from '../xml/xml-element.reader';

export interface NetInductionLoop {
  id: string;
  laneId: string;
  /** Position on the lane as written: negative counts back from the lane's end. */
  posM: number;
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
    if ((name === 'inductionLoop' || name === 'e1Detector') && attrs.id) loops.push({ id: attrs.id, laneId: attrs.lane ?? '', posM: Number(attrs.pos ?? 0) });
  };
  return { visit, loops };
}
