#!/usr/bin/env node
// Entry of the `mlops` command: the bundled CLI built by `npm install` (prepare) or `npm run build:fast`.
// boot.cjs runs the bundle (out/cli/main.cjs) with V8's code cache (src/cli/boot.ts).
require('../out/cli/boot.cjs');
