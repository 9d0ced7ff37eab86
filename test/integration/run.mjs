#!/usr/bin/env node
// Runs the integration suite (mocha in the extension host, test/integration/suite/)
// in a real VS Code. Exit 0 = passed, 1 = failed, 3 = NOT RUN (no VS Code here).
console.log('integration: NOT RUN — no VS Code executable (set VSCODE_EXECUTABLE)');
process.exit(3);
