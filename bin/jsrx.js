#!/usr/bin/env node
// Runs the TypeScript CLI directly (swc compiles on load), so there is no build step to forget.
'use strict';
require('@swc-node/register');
const { runCli } = require('../client/cli.ts');

runCli(process.argv).then(
  (exitCode) => process.exit(exitCode),
  (error) => {
    process.stderr.write(`jsrx: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
