/**
 * deploy/emqx-cluster.compose.yml describes a clustered deployment; no Docker engine runs here, so it is checked by
 * parsing it against the code: two EMQX nodes seeded with each other, processors that set only variables the
 * processor reads (with values it accepts), each on its own instance id and MQTT session, sharing one group through
 * the EMQX nodes, one etcd and one InfluxDB bucket.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_ENV_VARS, loadConfig, type ProcessorConfig } from '@arterial/processor';

const root = path.resolve(__dirname, '..', '..');
const file = path.join(root, 'deploy', 'emqx-cluster.compose.yml');

interface ComposeService {
  image?: string;
  hostname?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  networks?: string[] | Record<string, { aliases?: string[] }>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

/** `${NAME:?message}` and `${NAME:-default}` as compose would fill them (a placeholder, or the default). */
const resolveEnv = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1').replace(/\$\{[^}]+\}/g, 'placeholder')]));

describe('deploy/emqx-cluster.compose.yml', () => {
  const compose = parse(fs.readFileSync(file, 'utf8')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
  const services = compose.services;
  const emqx = Object.entries(services).filter(([, s]) => s.image?.startsWith('emqx/emqx:'));
  const processors = Object.entries(services).filter(([, s]) => s.build !== undefined);
  const configs = new Map<string, ProcessorConfig>(processors.map(([name, s]) => [name, loadConfig(resolveEnv(s.environment ?? {}))]));
  const influxInit = services.influxdb?.environment ?? {};

  it('runs two EMQX nodes (MQTT 5) that name each other as static seeds and are reachable under their node names', () => {
    expect(emqx.length).toBe(2);
    const nodeNames = emqx.map(([, s]) => s.environment?.EMQX_NODE__NAME ?? '');
    for (const [, s] of emqx) {
      const env = s.environment ?? {};
      expect(env.EMQX_CLUSTER__DISCOVERY_STRATEGY).toBe('static');
      const seeds = (env.EMQX_CLUSTER__STATIC__SEEDS ?? '').replace(/[[\]\s]/g, '').split(',');
      expect(seeds.sort()).toEqual([...nodeNames].sort());
      // Erlang distribution resolves the host part of the node name: the service's hostname or network alias.
      const host = (env.EMQX_NODE__NAME ?? '').split('@')[1];
      const aliases = Array.isArray(s.networks) ? [] : Object.values(s.networks ?? {}).flatMap((n) => n?.aliases ?? []);
      expect([s.hostname, ...aliases]).toContain(host);
      expect(env.EMQX_NODE__COOKIE).toBe(services[emqx[0]![0]]!.environment?.EMQX_NODE__COOKIE);
      expect(s.healthcheck?.test).toBeDefined();
    }
  });

  it('sets only variables the processor reads, with values it accepts', () => {
    expect(processors.length).toBeGreaterThanOrEqual(2);
    for (const [, s] of processors) {
      for (const name of Object.keys(s.environment ?? {})) expect(CONFIG_ENV_VARS).toContain(name);
      expect(s.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
    }
  });

  it('gives every processor its own instance id and MQTT session, one shared group, spread over both EMQX nodes', () => {
    const all = [...configs.values()];
    expect(new Set(all.map((c) => c.cluster?.instanceId)).size).toBe(all.length);
    expect(new Set(all.map((c) => c.mqttClientId)).size).toBe(all.length);
    expect(new Set(all.map((c) => c.cluster?.sharedGroup))).toEqual(new Set(['arterial']));
    const brokers = all.map((c) => new URL(c.mqttUrl ?? 'missing:').hostname);
    expect(new Set(brokers)).toEqual(new Set(emqx.map(([name]) => name)));
    for (const [name, s] of processors) {
      const broker = new URL(configs.get(name)!.mqttUrl!).hostname;
      expect(s.depends_on?.[broker]?.condition).toBe('service_healthy');
      expect(new URL(configs.get(name)!.mqttUrl!).port).toBe('1883');
    }
  });

  it('points every processor at the etcd the compose file runs, at its advertised client URL', () => {
    const command = services.etcd?.command ?? [];
    const advertised = command.find((a) => a.startsWith('--advertise-client-urls='))?.split('=')[1];
    for (const [name, config] of configs) {
      expect(config.cluster?.etcdUrls).toEqual([advertised]);
      expect(Object.keys(services[name]?.depends_on ?? {})).toContain('etcd');
      expect(config.cluster?.leaseTtlS).toBeGreaterThanOrEqual(2);
    }
  });

  it('writes to the InfluxDB bucket set up by the compose file, with its token, and keeps per-instance state on its own volume', () => {
    const stateVolumes = new Set<string>();
    for (const [name, config] of configs) {
      expect(config.influxUrl).toBe('http://influxdb:8086');
      expect(config.influxApi).toBe('v2');
      expect(config.influxBucket).toBe(influxInit.DOCKER_INFLUXDB_INIT_BUCKET);
      expect(config.influxOrg).toBe(influxInit.DOCKER_INFLUXDB_INIT_ORG);
      expect(services[name]?.environment?.INFLUX_TOKEN).toBe(influxInit.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN);
      const spoolMount = (services[name]?.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target !== undefined && config.spoolDir.startsWith(target));
      expect(compose.volumes).toHaveProperty(spoolMount?.[0] ?? '-');
      stateVolumes.add(spoolMount?.[0] ?? '');
    }
    expect(stateVolumes.size).toBe(configs.size);
  });

  it('shares the token secret between the instances, so a sign-in on one is valid on the other', () => {
    const secrets = new Set([...configs.values()].map((c) => c.operatorAccess.tokenSecretFile));
    expect(secrets.size).toBe(1);
    for (const [name] of configs) {
      const mounted = (services[name]?.volumes ?? []).some((v) => [...secrets][0]!.startsWith(`${v.split(':')[1]}/`));
      expect(mounted).toBe(true);
    }
  });

  it('mounts the InfluxDB init script and task from deploy/, relative to the compose file', () => {
    for (const volume of services.influxdb?.volumes ?? []) {
      const source = volume.split(':')[0] ?? '';
      if (source.startsWith('.')) expect(fs.existsSync(path.resolve(path.dirname(file), source))).toBe(true);
    }
  });
});
