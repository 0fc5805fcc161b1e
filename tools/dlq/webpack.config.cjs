module.exports = require('../webpack/service.webpack.cjs')(__dirname, { instrumentation: false });
