// Runs the TypeScript sources directly: `node -r ./libs/platform/runtime/register.js services/x/src/main.ts`.
// SWC compiles each file on load with the repository's .swcrc (decorator metadata, which Nest's dependency
// injection needs and esbuild-based runners lack), and the tsconfig path aliases (@baton/*) resolve to sources.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const aliases = new Map(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, target)]),
);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};

process.setSourceMapsEnabled(true);
addHook((code, filename) => transformSync(code, { ...swcrc, swcrc: false, filename }).code, {
  exts: ['.ts'],
  ignoreNodeModules: true,
});
