import type { Command } from 'commander';

/** `mlops optimize` (cli.md). */
export function registerOptimize(program: Command, setExit: (code: number) => void): void {
    program.command('optimize').description('not implemented yet').action(() => {
        process.stderr.write('mlops optimize: not implemented yet\n');
        setExit(2);
    });
}
