/**
 * The `mlops` command's bundle (out/cli/main.cjs, which bin/mlops.cjs runs
 * through boot.ts's code cache): runs the program on the command line's arguments. The
 * program itself is in program.ts, which tests import without running it.
 */
import { main } from './program.js';
import { quietOnClosedPipe } from './closed-pipe.js';

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);
void main(process.argv.slice(2)).then(code => { process.exitCode = code; });
