/** Reads input file paths out of a .sumocfg (relative paths resolve against the config's folder). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { xmlElements } from './xml-elements';

function inputFiles(sumocfg: string, option: string): string[] {
  for (const el of xmlElements(fs.readFileSync(sumocfg, 'utf8'))) {
    if (el.name === option && el.attrs.value) {
      return el.attrs.value
        .split(/[,\s]+/)
        .filter(Boolean)
        .map((f) => path.resolve(path.dirname(sumocfg), f));
    }
  }
  return [];
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
