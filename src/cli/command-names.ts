/**
 * The commands of `mlops` (program.ts registers exactly these; a test checks
 * it). boot.ts keeps one code cache per command, since each command compiles
 * other parts of the bundle; it must not load the program to learn the names.
 */
export const COMMAND_NAMES = ['validate', 'simulate', 'optimize', 'fit', 'import', 'export', 'compare', 'worker'] as const;
