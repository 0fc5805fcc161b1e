const { join } = require('node:path');

// One Jest setup for every project: SWC compiles TypeScript (with decorator metadata, which
// Nest's dependency injection needs), and Nx's resolver maps the tsconfig path aliases.
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
    },
    testTimeout: 30000,
  };
};
