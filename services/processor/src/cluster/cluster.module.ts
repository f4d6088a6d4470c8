/**
 * Cluster capability (docs/cluster.md): provides JUNCTION_OWNERSHIP globally, etcd leases when ETCD_URLS is set,
 * else sole ownership (one instance controls every junction, as before clustering). Needs PROCESSOR_CONFIG and CLOCK.
 */
import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import * as os from 'node:os';
import { CLOCK, type Clock } from '../clock/clock';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import { NetworkModule } from '../network/network.module';
import { NetworkService } from '../network/network.service';
import { EtcdJunctionOwnership } from './etcd-junction-ownership.adapter';
import { JUNCTION_OWNERSHIP, SoleOwnership, type JunctionOwnership } from './junction-ownership';

export function junctionOwnershipFor(config: ProcessorConfig, clock: Clock, network: NetworkService): JunctionOwnership {
  const cluster = config.cluster;
  const instanceId = cluster?.instanceId ?? os.hostname();
  if (!cluster || cluster.etcdUrls.length === 0) return new SoleOwnership(instanceId, () => network.intersectionIds().length);
  return new EtcdJunctionOwnership({
    etcdUrls: cluster.etcdUrls,
    instanceId,
    leaseTtlS: cluster.leaseTtlS,
    junctionIds: () => network.intersectionIds(),
    clock,
    advertise: { httpPort: String(config.httpPort) },
  });
}

/** Joins at bootstrap (after every module is initialised) and leaves first at shutdown, so peers take over at once. */
@Injectable()
export class ClusterLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(JUNCTION_OWNERSHIP) private readonly ownership: JunctionOwnership) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.ownership instanceof EtcdJunctionOwnership) await this.ownership.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.ownership instanceof EtcdJunctionOwnership) await this.ownership.stop();
  }
}

@Module({
  imports: [NetworkModule],
  providers: [{ provide: JUNCTION_OWNERSHIP, useFactory: junctionOwnershipFor, inject: [PROCESSOR_CONFIG, CLOCK, NetworkService] }, ClusterLifecycle],
  exports: [JUNCTION_OWNERSHIP],
})
export class ClusterModule {}
