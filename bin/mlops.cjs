#!/usr/bin/env node
// Entry of the `mlops` command: the bundled CLI built by `npm install` (prepare) or `npm run build:fast`.
require('../out/cli/main.cjs');
