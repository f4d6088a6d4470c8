/** Reads input file paths out of a .sumocfg (relative paths resolve against the config's folder). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { visitXmlText } from './xml/xml-element.reader';
import { XmlTextDecoder } from './xml/xml-text.decoder';

function inputFiles(sumocfg: string, option: string): string[] {
  let value: string | undefined;
  // A configuration is a few hundred bytes, so it is read at once; the files it names are streamed by their readers.
  const decoder = new XmlTextDecoder(sumocfg);
  visitXmlText(decoder.write(fs.readFileSync(sumocfg)) + decoder.end(), ({ name, attrs }) => {
    if (name === option && attrs.value && value === undefined) value = attrs.value;
  }, sumocfg);
  return (value ?? '')
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((f) => path.resolve(path.dirname(sumocfg), f));
}

export function netFileOfConfig(sumocfg: string): string {
  const [net] = inputFiles(sumocfg, 'net-file');
  if (!net) throw new Error(`${sumocfg} names no net-file`);
  return net;
}

/** Additional files (detectors among them); missing ones are skipped, SUMO reports those itself. */
export function additionalFilesOfConfig(sumocfg: string): string[] {
  return inputFiles(sumocfg, 'additional-files').filter((f) => fs.existsSync(f));
}
