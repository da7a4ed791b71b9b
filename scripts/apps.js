/** The four apps, their built entry points and the port each listens on by default. */
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const apps = ['api-gateway', 'subscription-matcher', 'webhook-deliverer', 'ws-gateway'];
const entryOf = (app) => path.join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

module.exports = { root, apps, entryOf };
