const { join } = require('node:path');

// One Jest setup for every project: SWC compiles TypeScript (with decorator metadata, which
// Nest's dependency injection needs), and Nx's resolver maps the tsconfig path aliases.
// Dependencies published only as ES modules are compiled to CommonJS too: Node 24 `require`s
// them, but Jest's module runtime does so only under --experimental-vm-modules.
const esmOnlyDependencies = ['content-disposition'];

module.exports = function jestConfig(projectDir) {
  return {
    rootDir: projectDir,
    displayName: require(join(projectDir, 'project.json')).name,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    resolver: '@nx/jest/plugins/resolver',
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
        },
      ],
      [`/node_modules/(${esmOnlyDependencies.join('|')})/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
    },
    transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyDependencies.join('|')})/)`],
    testTimeout: 30000,
    // The topics and consumer groups a run's tests created (their names noted through
    // registerTestTopics) are deleted when the run ends.
    globalSetup: join(__dirname, 'libs/shared/testing/src/test-run.global-setup.ts'),
    globalTeardown: join(__dirname, 'libs/shared/testing/src/test-run.global-teardown.ts'),
  };
};
