const { join, relative } = require('node:path');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

const workspaceRoot = join(__dirname, '../..');

/**
 * The webpack build of one service: dist/<project root>/{main,instrumentation}.js plus package.json.
 * A command-line tool (tools/dlq) passes `instrumentation: false`: main.js alone.
 */
module.exports = function serviceWebpackConfig(projectDir, { assets = [], instrumentation = true } = {}) {
  return {
    output: { path: join(workspaceRoot, 'dist', relative(workspaceRoot, projectDir)) },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        // Built as its own file so that `node --require ./instrumentation.js main.js` can start
        // OpenTelemetry before main.js loads anything it must instrument.
        additionalEntryPoints: instrumentation ? [{ entryName: 'instrumentation', entryPath: './src/instrumentation.ts' }] : [],
        tsConfig: './tsconfig.app.json',
        assets,
        outputHashing: 'none',
        optimization: false,
        generatePackageJson: true,
        sourceMap: true,
      }),
    ],
  };
};
