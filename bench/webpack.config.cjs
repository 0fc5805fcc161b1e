const { join } = require('node:path');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

// The runner (main.js) and each baseline as its own file, because every baseline runs in a process
// of its own, like the service it is compared with.
module.exports = {
  output: { path: join(__dirname, '../dist/bench') },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      additionalEntryPoints: [
        { entryName: 'browse-baseline', entryPath: './src/processes/browse-baseline.ts' },
        { entryName: 'cart-baseline', entryPath: './src/processes/cart-baseline.ts' },
        { entryName: 'kafka-relay-baseline', entryPath: './src/processes/kafka-relay-baseline.ts' },
        { entryName: 'otlp-sink', entryPath: './src/processes/otlp-sink.ts' },
        { entryName: 'service-stand-in', entryPath: './src/processes/service-stand-in.ts' },
        // Not a process: preloaded into the traced checkout's services (see checkout-traced.ts).
        { entryName: 'mongodb-spans', entryPath: './src/processes/mongodb-spans.preload.ts' },
      ],
      tsConfig: './tsconfig.app.json',
      outputHashing: 'none',
      optimization: false,
      generatePackageJson: false,
      sourceMap: true,
    }),
  ],
};
