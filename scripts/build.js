#!/usr/bin/env node
/** Builds every app with the Nest CLI (tsc builder), one after another. */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { root, apps } = require('./apps');

const nest = path.join(root, 'node_modules', '.bin', 'nest');
for (const app of apps) {
  execFileSync(nest, ['build', app], { cwd: root, stdio: 'inherit' });
}
