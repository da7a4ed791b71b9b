const moduleNameMapper = {
  '^@app/(config|contracts|persistence|matching|signing|messaging|platform|webhooks)(|/.*)$': '<rootDir>/libs/$1/src$2',
  '^@notify-platform/sdk$': '<rootDir>/libs/sdk/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] };
const common = { rootDir: __dirname, moduleFileExtensions: ['js', 'json', 'ts'], testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testRegex: '(apps|libs)/.*\\.spec\\.ts$' },
    {
      ...common,
      displayName: 'e2e',
      testRegex: 'test/.*\\.e2e-spec\\.ts$',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
  ],
};
