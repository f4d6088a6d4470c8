/** Reads input file paths out of a .sumocfg (relative paths resolve against the config's folder). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { visitXmlText } from './xml/xml-element.reader';
import { XmlTextDecoder } from './xml/xml-text.decoder';

/** The value of the first element named `option` (configurations write `<begin value="0"/>`). */
function configValue(sumocfg: string, option: string): string | undefined {
  let value: string | undefined;
  // A configuration is a few hundred bytes, so it is read at once; the files it names are streamed by their readers.
  const decoder = new XmlTextDecoder(sumocfg);
  visitXmlText(decoder.write(fs.readFileSync(sumocfg)) + decoder.end(), ({ name, attrs }) => {
    if (name === option && attrs.value && value === undefined) value = attrs.value;
  }, sumocfg);
  return value;
}

function inputFiles(sumocfg: string, option: string): string[] {
  return (configValue(sumocfg, option) ?? '')
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

/** Seconds as SUMO's time options accept them: plain seconds, or clock time `H:MM:SS` / `D:HH:MM:SS`. */
export function sumoSeconds(value: string): number {
  const parts = value.trim().split(':').map(Number);
  if (parts.length === 0 || parts.length > 4 || parts.some((n) => !Number.isFinite(n))) throw new Error(`not a SUMO time: ${value}`);
  const weights = [1, 60, 3600, 86400];
  return parts.reverse().reduce((total, n, i) => total + n * (weights[i] ?? 0), 0);
}

/** The configuration's `<begin>` and `<end>` in seconds, where it sets them. */
export function timeOfConfig(sumocfg: string): { beginS?: number; endS?: number } {
  const begin = configValue(sumocfg, 'begin');
  const end = configValue(sumocfg, 'end');
  return { ...(begin !== undefined ? { beginS: sumoSeconds(begin) } : {}), ...(end !== undefined ? { endS: sumoSeconds(end) } : {}) };
}
