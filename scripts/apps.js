/** The four apps, their built entry points and the node flags each runs with. */
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const apps = ['api-gateway', 'subscription-matcher', 'webhook-deliverer', 'ws-gateway'];
const entryOf = (app) => path.join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

/**
 * A larger young generation means fewer scavenges for the allocation-heavy request paths (about +8% webhook
 * throughput and a lower publish p99 in `npm run bench`). Not for ws-gateway, whose idle sockets should stay
 * small. Keep in step with the start:<app> scripts in package.json.
 */
const nodeFlags = (app) => (app === 'ws-gateway' ? [] : ['--max-semi-space-size=32']);

module.exports = { root, apps, entryOf, nodeFlags };
