#!/usr/bin/env node
/** Builds when any app's output is missing or older than the newest source file, so `npm start` always runs current code. */
const fs = require('node:fs');
const path = require('node:path');
const { root, apps, entryOf } = require('./apps');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest; // an image ships dist/ without sources
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = Math.max(newestMtime(path.join(root, 'apps')), newestMtime(path.join(root, 'libs')));
const stale = apps.some((app) => !fs.existsSync(entryOf(app)) || fs.statSync(entryOf(app)).mtimeMs < sources);
if (stale) require('./build');
