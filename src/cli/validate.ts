import type { Command } from 'commander';

/** `mlops validate` (cli.md). */
export function registerValidate(program: Command, setExit: (code: number) => void): void {
    program.command('validate').description('not implemented yet').action(() => {
        process.stderr.write('mlops validate: not implemented yet\n');
        setExit(2);
    });
}
