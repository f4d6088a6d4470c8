/** The network model the processor runs on, loaded once from NETWORK_FILE and indexed for look-ups. */
import * as fs from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { detectorsOf, intersectionsOf, parseNetworkModel, type DetectorFeature, type IntersectionFeature, type NetworkModel } from '@arterial/contracts/network';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import { createLogger } from '../logging/logger';

const log = createLogger('network');

export function loadNetworkFile(file: string): NetworkModel {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read network file ${file}: ${(err as Error).message}`);
  }
  return parseNetworkModel(JSON.parse(raw));
}

@Injectable()
export class NetworkService {
  readonly model: NetworkModel;
  private readonly intersectionIndex: Map<string, IntersectionFeature>;
  private readonly detectorIndex: Map<string, DetectorFeature>;

  constructor(@Inject(PROCESSOR_CONFIG) config: ProcessorConfig) {
    this.model = loadNetworkFile(config.networkFile);
    this.intersectionIndex = new Map(intersectionsOf(this.model).map((f) => [f.properties.id, f]));
    this.detectorIndex = new Map(detectorsOf(this.model).map((f) => [f.properties.id, f]));
    log.info({ name: this.model.name, intersections: this.intersectionIndex.size, detectors: this.detectorIndex.size }, 'network loaded');
  }

  intersection(id: string): IntersectionFeature | undefined {
    return this.intersectionIndex.get(id);
  }

  detector(id: string): DetectorFeature | undefined {
    return this.detectorIndex.get(id);
  }

  intersectionIds(): string[] {
    return [...this.intersectionIndex.keys()];
  }
}
