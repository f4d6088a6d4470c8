/** docker-compose.yml describes a deployment; no Docker engine runs here, so it is checked by parsing it against the code. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_ENV_VARS, loadConfig } from '@arterial/processor';

const root = path.resolve(__dirname, '..', '..');

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
}

describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
  const processor = compose.services.processor;

  it('runs the processor entry point that the build produces', () => {
    expect(processor?.command).toEqual(['node', 'services/processor/dist/main.js']);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'services/processor/tsconfig.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src' });
    expect(fs.existsSync(path.join(root, 'services/processor/src/main.ts'))).toBe(true);
  });

  it('sets only variables the processor reads, with values it accepts', () => {
    const env = processor?.environment ?? {};
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{[^}]+\}/g, 'placeholder')]));
    const config = loadConfig(resolved);
    expect(config.influxUrl).toBe('http://influxdb:8086');
    expect(config.influxApi).toBe('v2');
    for (const name of Object.keys(env)) expect(CONFIG_ENV_VARS).toContain(name);
  });

  it('publishes the MQTT and HTTP ports the processor listens on', () => {
    const env = processor?.environment ?? {};
    expect(processor?.ports).toEqual(expect.arrayContaining([`${env.MQTT_PORT}:${env.MQTT_PORT}`, `${env.HTTP_PORT}:${env.HTTP_PORT}`]));
    expect(Object.keys(processor?.depends_on ?? {})).toContain('influxdb');
    expect(compose.services.influxdb).toBeDefined();
  });
});
