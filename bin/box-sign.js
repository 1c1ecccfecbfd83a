#!/usr/bin/env node
// The CLI runs from the compiled output: `npm run build` (done by `npm run demo` / `npm run stack:up`).
require('../lib/client/cli.js');
