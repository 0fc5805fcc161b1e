const { join } = require('node:path');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

module.exports = {
  output: { path: join(__dirname, '../../dist', require('./project.json').sourceRoot, '..') },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // Built as its own file so that `node --require ./instrumentation.js main.js` can start
      // OpenTelemetry before main.js loads anything it must instrument.
      additionalEntryPoints: [{ entryName: 'instrumentation', entryPath: './src/instrumentation.ts' }],
      tsConfig: './tsconfig.app.json',
      assets: ['./src/assets'],
      outputHashing: 'none',
      optimization: false,
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
