const { join } = require('node:path');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

// A plain Node program (no tracing preload: the gateway starts each shopper request's trace).
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/load-generator') },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      outputHashing: 'none',
      optimization: false,
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
