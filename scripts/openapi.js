#!/usr/bin/env node
/**
 * Writes docs/openapi.json from the built api-gateway (run `npx nest build api-gateway` first: the swagger CLI
 * plugin adds the DTO metadata at build time). The app is created in preview mode, so no provider is instantiated
 * and neither Postgres nor Redis is needed. `--check` writes nothing and exits 1 when docs/openapi.json is stale.
 * Writing it also rewrites the SDK's types generated from it (scripts/sdk-types.js), so one command carries a
 * changed response class through to both.
 */
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const { writeApiTypes, target: apiTypes } = require('./sdk-types');

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'docs', 'openapi.json');
const built = path.join(root, 'dist', 'apps', 'api-gateway', 'apps', 'api-gateway', 'src');

async function generate() {
  const { NestFactory } = require('@nestjs/core');
  const { FastifyAdapter } = require('@nestjs/platform-fastify');
  const { AppModule } = require(path.join(built, 'app.module'));
  const { buildOpenApiDocument } = require(path.join(built, 'openapi', 'openapi'));
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { preview: true, abortOnError: false, logger: false });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

async function main() {
  if (!fs.existsSync(path.join(built, 'openapi', 'openapi.js'))) throw new Error('api-gateway is not built: run `npx nest build api-gateway` (or npm run build)');
  const fresh = await generate();
  if (process.argv.includes('--stdout')) return process.stdout.write(fresh);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current === fresh) return console.log('docs/openapi.json is current');
    console.error('docs/openapi.json is stale: run `npm run openapi` and commit it');
    process.exitCode = 1;
    return;
  }
  fs.writeFileSync(target, fresh);
  console.log(`wrote ${path.relative(root, target)} (${Object.keys(JSON.parse(fresh).paths).length} paths)`);
  writeApiTypes();
  console.log(`wrote ${path.relative(root, apiTypes)}`);
}

main().then(
  () => process.exit(),
  (error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
