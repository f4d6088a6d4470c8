/**
 * docker-compose.yml, the Dockerfile and the files under deploy/ describe a deployment; no Docker engine runs
 * here, so they are checked by parsing them against the code: the image runs what the build produces, compose
 * sets only variables the processor reads, ports agree with the configuration, the InfluxDB 2 task aggregates
 * the measurement the store writes, and the Grafana dashboard queries only metrics the processor exports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { API_ROUTES } from '@arterial/contracts/api/v1';
import { AGG_MEASUREMENT, AGG_RP, CONFIG_ENV_VARS, exportedMetricNames, loadConfig, MEASUREMENTS, PROCESSOR_MALLOC_ENV, PROCESSOR_NODE_OPTIONS, RAW_RP } from '@arterial/processor';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, unknown> | string[];
}

/** One Dockerfile instruction, continuation lines joined. */
interface Instruction {
  keyword: string;
  args: string;
}

function dockerfileStages(text: string): Map<string, Instruction[]> {
  const instructions: Instruction[] = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const stages = new Map<string, Instruction[]>();
  let current: Instruction[] = [];
  stages.set('', current);
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      current = [instruction];
      stages.set(/ AS (\S+)$/i.exec(instruction.args)?.[1] ?? instruction.args, current);
    } else current.push(instruction);
  }
  return stages;
}

const resolveEnv = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{[^}]+\}/g, 'placeholder')]));

describe('docker-compose.yml, Dockerfile and deploy/', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
  const processor = compose.services.processor ?? {};
  const influx = compose.services.influxdb ?? {};
  const env = processor.environment ?? {};
  const stages = dockerfileStages(read('Dockerfile'));
  const runtime = stages.get('runtime') ?? [];
  const builder = stages.get('builder') ?? [];
  const runtimeArgs = (keyword: string) => runtime.filter((i) => i.keyword === keyword).map((i) => i.args);

  describe('the image', () => {
    it('runs the processor with the heap limits of runtime-flags.ts (bounded memory under overload)', () => {
      expect(runtimeArgs('ENV')).toContain(`NODE_OPTIONS="${PROCESSOR_NODE_OPTIONS}"`);
      expect(read('scripts/start.sh')).toMatch(/PROCESSOR_NODE_OPTIONS/);
    });

    it('runs the processor with the malloc settings of runtime-flags.ts (RSS per TLS connection)', () => {
      const set = new Map(runtimeArgs('ENV').flatMap((args) => [...args.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]] as const)));
      for (const [name, value] of Object.entries(PROCESSOR_MALLOC_ENV)) expect(set.get(name)).toBe(value);
      expect(read('scripts/start.sh')).toMatch(/PROCESSOR_MALLOC_ENV/);
    });

    it('is built by compose from the Dockerfile instead of running a bind-mounted checkout', () => {
      expect(processor.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      expect(processor.command).toBeUndefined();
      for (const volume of processor.volumes ?? []) expect(volume.split(':')[0]).not.toMatch(/^\.\.?\/?$/);
    });

    it('builds with node 20 on bookworm-slim in two stages, installs production dependencies only and runs as a non-root user', () => {
      expect(read('Dockerfile')).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
      expect([...stages.keys()].filter((name) => name !== '')).toEqual(['builder', 'runtime']);
      expect(builder.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args))).toBe(true);
      expect(builder.some((i) => i.keyword === 'RUN' && /tsc -b services\/processor/.test(i.args) && /npm run build -w web/.test(i.args))).toBe(true);
      const installs = runtimeArgs('RUN').filter((args) => /\bnpm (ci|install)\b/.test(args));
      expect(installs.length).toBe(1);
      expect(installs[0]).toMatch(/npm ci --omit=dev/);
      const user = runtimeArgs('USER');
      expect(user.length).toBe(1);
      expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    });

    it("runs the processor entry point that the build produces, with the files the processor reads at run time", () => {
      const cmd = JSON.parse(runtimeArgs('CMD').at(-1) ?? '[]') as string[];
      expect(cmd).toEqual(['node', 'services/processor/dist/main.js']);
      const tsconfig = JSON.parse(read('services/processor/tsconfig.json')) as { compilerOptions: { outDir: string; rootDir: string } };
      expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src' });
      expect(fs.existsSync(path.join(root, 'services/processor/src/main.ts'))).toBe(true);

      // COPY --from=builder destinations, relative to WORKDIR /app (which stands for the checkout's root).
      expect(runtimeArgs('WORKDIR')).toEqual(['/app']);
      const copied = runtimeArgs('COPY')
        .filter((args) => args.startsWith('--from=builder '))
        .map((args) => args.split(/\s+/).at(-1) ?? '');
      const inImage = (file: string) => copied.some((dest) => file === dest || file.startsWith(dest.replace(/\/?$/, '/')));
      expect(inImage('services/processor/dist/main.js')).toBe(true);
      const defaults = loadConfig({});
      for (const needed of [defaults.networkFile, defaults.webDir, path.join(root, 'firmware-contracts/openapi.yaml'), path.join(root, 'firmware-contracts/dist/api/v1/index.js')]) {
        const relative = path.relative(root, needed);
        expect({ relative, inImage: inImage(relative) }).toEqual({ relative, inImage: true });
      }
    });

    it('exposes the configured ports and probes the liveness route of the contract', () => {
      const defaults = loadConfig({});
      const tlsPort = loadConfig({ MQTT_TLS_CERT: 'cert.pem', MQTT_TLS_KEY: 'key.pem' } as Record<string, string>).mqttAccess.tls?.port;
      const exposed = runtimeArgs('EXPOSE').flatMap((args) => args.split(/\s+/)).map(Number);
      expect(exposed.sort()).toEqual([defaults.mqttPort, tlsPort, defaults.httpPort].sort());
      const healthcheck = runtimeArgs('HEALTHCHECK').join(' ');
      expect(healthcheck).toContain(API_ROUTES.getLiveness.path);
      expect(healthcheck).toMatch(/CMD \["node", "-e"/);
    });

    it('sets only variables the processor reads in the image', () => {
      const names = runtimeArgs('ENV')
        .flatMap((args) => args.split(/\s+/))
        .map((pair) => pair.split('=')[0] ?? '')
        // Node's own and glibc's, not the processor's
        .filter((name) => /^[A-Z_][A-Z0-9_]*$/.test(name) && name !== 'NODE_ENV' && name !== 'NODE_OPTIONS' && !(name in PROCESSOR_MALLOC_ENV));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(CONFIG_ENV_VARS).toContain(name);
    });

    it('keeps build output and dependencies out of the build context', () => {
      const ignored = read('.dockerignore').split('\n');
      expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
    });
  });

  describe('the processor service', () => {
    it('sets only variables the processor reads, with values it accepts', () => {
      const config = loadConfig(resolveEnv(env));
      expect(config.influxUrl).toBe('http://influxdb:8086');
      expect(config.influxApi).toBe('v2');
      for (const name of Object.keys(env)) expect(CONFIG_ENV_VARS).toContain(name);
    });

    it('publishes the MQTT, MQTT-over-TLS and HTTP ports the processor listens on', () => {
      const config = loadConfig(resolveEnv(env));
      const tlsPort = loadConfig({ ...resolveEnv(env), MQTT_TLS_CERT: 'cert.pem', MQTT_TLS_KEY: 'key.pem' } as Record<string, string>).mqttAccess.tls?.port;
      expect(processor.ports).toEqual(expect.arrayContaining([`${config.mqttPort}:${config.mqttPort}`, `${tlsPort}:${tlsPort}`, `${config.httpPort}:${config.httpPort}`]));
      expect(Object.keys(processor.depends_on ?? {})).toContain('influxdb');
    });

    it('writes to the bucket and organisation InfluxDB is set up with, with its admin token', () => {
      const init = influx.environment ?? {};
      expect(env.INFLUX_BUCKET).toBe(init.DOCKER_INFLUXDB_INIT_BUCKET);
      expect(env.INFLUX_ORG).toBe(init.DOCKER_INFLUXDB_INIT_ORG);
      expect(env.INFLUX_TOKEN).toBe(init.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN);
      expect(env.INFLUX_DB).toBe(init.ARTERIAL_DB);
    });

    it('keeps spool and device registry on a volume', () => {
      const mount = (processor.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target !== undefined && env.SPOOL_DIR?.startsWith(target));
      expect(mount?.[0]).toBeDefined();
      expect(compose.volumes).toHaveProperty(mount?.[0] ?? '');
      expect(env.DEVICE_REGISTRY_FILE?.startsWith(mount?.[1] ?? '-')).toBe(true);
    });
  });

  describe('InfluxDB 2: the 1-minute aggregates', () => {
    const task = read('deploy/influxdb/tasks/detector-measurement-1m.flux');
    const script = read('deploy/influxdb/init/10-arterial-aggregates.sh');
    const mounts = new Map((influx.volumes ?? []).map((v) => v.split(':')).map(([source = '', target = '']) => [source, target]));

    it('the task reads the measurement the store writes and writes the aggregate measurement the store reads', () => {
      const init = influx.environment ?? {};
      expect(task).toContain(`from(bucket: "${init.DOCKER_INFLUXDB_INIT_BUCKET}")`);
      expect(task).toContain(`r._measurement == "${MEASUREMENTS.detector}"`);
      expect(task).toContain(`set(key: "_measurement", value: "${AGG_MEASUREMENT}")`);
      expect(task).toContain(`to(bucket: "${init.ARTERIAL_AGG_BUCKET}")`);
      expect(task).toMatch(/option task = \{name: "[\w]+", every: 1m/);
    });

    it("computes the continuous query's fields: sum of volume, means of occupancy and speed, count as samples", () => {
      expect(task).toContain('perMinute(field: "volume", fn: sum)');
      expect(task).toContain('perMinute(field: "volume", fn: count) |> set(key: "_field", value: "samples")');
      expect(task).toContain('perMinute(field: "occupancyPct", fn: mean)');
      expect(task).toContain('perMinute(field: "speedKph", fn: mean)');
      expect(task).toContain('timeSrc: "_start"');
    });

    it('the init script maps the retention policies InfluxQL reads to the buckets, and finds the task where compose mounts it', () => {
      expect(script).toContain(`--rp ${RAW_RP} `);
      expect(script).toContain(`--rp ${AGG_RP} `);
      expect(mounts.get('./deploy/influxdb/init')).toBe('/docker-entrypoint-initdb.d');
      const taskDir = mounts.get('./deploy/influxdb/tasks');
      expect(script).toContain(`task_file=${taskDir}/detector-measurement-1m.flux`);
      expect(fs.statSync(path.join(root, 'deploy/influxdb/init/10-arterial-aggregates.sh')).mode & 0o111).not.toBe(0);
    });
  });

  describe('Prometheus and Grafana', () => {
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/arterial-overview.json')) as {
      panels: Array<{ title: string; targets: Array<{ datasource: { uid: string }; expr?: string; query?: string }> }>;
    };
    const targets = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ ...t, panel: p.title })));

    it('Prometheus scrapes the processor at /metrics on its HTTP port', () => {
      const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as { scrape_configs: Array<{ metrics_path: string; static_configs: Array<{ targets: string[] }> }> };
      const job = prometheus.scrape_configs[0];
      expect(job?.metrics_path).toBe('/metrics');
      expect(job?.static_configs[0]?.targets).toEqual([`processor:${loadConfig(resolveEnv(env)).httpPort}`]);
      expect((compose.services.prometheus?.volumes ?? []).some((v) => v.startsWith('./deploy/prometheus/prometheus.yml:'))).toBe(true);
    });

    it('the dashboard queries only metrics the processor exports', () => {
      const exported = new Set(exportedMetricNames());
      const promql = targets.filter((t) => t.expr !== undefined);
      expect(promql.length).toBeGreaterThan(5);
      for (const target of promql) {
        const names = (target.expr ?? '').replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '').match(/\b(?:arterial|nodejs|process)_[a-z0-9_]+/g) ?? [];
        expect(names.length).toBeGreaterThan(0);
        for (const name of names) {
          const family = name.replace(/_(bucket|sum|count)$/, '');
          expect({ panel: target.panel, name, exported: exported.has(name) || exported.has(family) }).toEqual({ panel: target.panel, name, exported: true });
        }
      }
    });

    it('the dashboard shows ingest rate, rejects, write latency, spool, devices, event-loop lag and a network KPI', () => {
      const all = targets.map((t) => t.expr ?? t.query ?? '').join('\n');
      for (const needed of ['arterial_ingest_messages_total', 'arterial_ingest_rejected_messages_total', 'arterial_store_write_duration_seconds_bucket', 'arterial_store_spool_bytes', 'arterial_mqtt_connected_clients', 'nodejs_eventloop_lag_p99_seconds', `FROM "${MEASUREMENTS.kpi}"`]) {
        expect(all).toContain(needed);
      }
    });

    it('InfluxQL panels read measurements the store writes, and every panel uses a provisioned data source', () => {
      const measurements = new Set<string>([...Object.values(MEASUREMENTS), `${AGG_RP}"."${AGG_MEASUREMENT}`]);
      for (const target of targets.filter((t) => t.query !== undefined)) {
        const from = /FROM "([^ ]+)" WHERE/.exec(target.query ?? '')?.[1];
        expect({ panel: target.panel, from, known: from !== undefined && measurements.has(from) }).toEqual({ panel: target.panel, from, known: true });
      }
      const provisioned = parse(read('deploy/grafana/provisioning/datasources/arterial.yml')) as { datasources: Array<{ uid: string; url: string; jsonData?: { dbName?: string } }> };
      const uids = new Set(provisioned.datasources.map((d) => d.uid));
      for (const target of targets) expect(uids).toContain(target.datasource.uid);
      expect(provisioned.datasources.find((d) => d.jsonData?.dbName)?.jsonData?.dbName).toBe(env.INFLUX_DB);
    });

    it('Grafana loads the dashboards from where compose mounts them', () => {
      const providers = parse(read('deploy/grafana/provisioning/dashboards/arterial.yml')) as { providers: Array<{ options: { path: string } }> };
      const grafanaMounts = new Map((compose.services.grafana?.volumes ?? []).map((v) => v.split(':')).map(([source = '', target = '']) => [source, target]));
      expect(grafanaMounts.get('./deploy/grafana/dashboards')).toBe(providers.providers[0]?.options.path);
      expect(grafanaMounts.get('./deploy/grafana/provisioning')).toBe('/etc/grafana/provisioning');
    });
  });
});
