/** Two projects: fast unit specs beside the code, and cross-package integration suites with real servers. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];
// ESM-only dependencies (jose 6) compiled to CommonJS for Jest; Node itself loads them with require(esm).
const ESM_ONLY = ['jose'];
const esmOnlyJs = ['ts-jest', { tsconfig: { allowJs: true, module: 'CommonJS', target: 'ES2022', isolatedModules: true } }];
const transform = { '^.+\\.tsx?$': tsJest, [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: esmOnlyJs };
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];
const moduleNameMapper = {
  '^@arterial/contracts/(.*)$': '<rootDir>/firmware-contracts/src/$1',
  '^@arterial/processor$': '<rootDir>/services/processor/src/index.ts',
  '^@arterial/device-kit$': '<rootDir>/simulators/device-kit/src/index.ts',
  '^@arterial/traffic-sim$': '<rootDir>/simulators/traffic/src/index.ts',
  '^@arterial/traffic-sim/(.*)$': '<rootDir>/simulators/traffic/src/$1',
  '^@arterial/device-fleet$': '<rootDir>/simulators/devices/src/index.ts',
  '^@arterial/sumo-bridge$': '<rootDir>/simulators/sumo-bridge/src/index.ts',
};

module.exports = {
  // Integration suites start real servers; unit specs finish in milliseconds either way.
  testTimeout: 120000,
  // Jest's default is one worker fewer than the cores: on a 2-core machine that ran the unit specs in band, one file
  // at a time. Every core instead; integration suites still run with --runInBand (the CLI flag wins).
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/{firmware-contracts,services,simulators,web}/**/src/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
  ],
};
