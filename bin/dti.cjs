#!/usr/bin/env node
'use strict';
// The command line (`npx dti <command>`, `npm run cli -- <command>`): dist/src/cli.js, built first if a source changed.
require('./launcher.cjs').launch(require('node:path').resolve(__dirname, '..'), 'dist/src/cli.js', process.argv.slice(2));
