import type { Command } from 'commander';

/** `mlops simulate` (cli.md). */
export function registerSimulate(program: Command, setExit: (code: number) => void): void {
    program.command('simulate').description('not implemented yet').action(() => {
        process.stderr.write('mlops simulate: not implemented yet\n');
        setExit(2);
    });
}
