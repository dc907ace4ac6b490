#!/usr/bin/env node
// `jsrx`. In a development checkout (the TypeScript sources and swc are there) it runs the sources, so
// there is no build step to forget; an installed package or the Docker image has only `dist/` and the
// production dependencies, and runs the compiled CLI (`npm run build`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function loadCli() {
  const sources = path.join(__dirname, '..', 'client', 'cli.ts');
  if (fs.existsSync(sources)) {
    let register;
    try {
      register = require.resolve('@swc-node/register');
    } catch {
      register = undefined; // sources without the devDependencies: fall through to the build
    }
    if (register) {
      require(register);
      return require(sources);
    }
  }
  const compiled = path.join(__dirname, '..', 'dist', 'client', 'cli.js');
  if (!fs.existsSync(compiled)) {
    process.stderr.write(
      'jsrx: no compiled CLI in dist/: run `npm run build` (or `npm install` for the development tools)\n',
    );
    process.exit(1);
  }
  return require(compiled);
}

const { runCli } = loadCli();

runCli(process.argv).then(
  (exitCode) => process.exit(exitCode),
  (error) => {
    process.stderr.write(`jsrx: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
