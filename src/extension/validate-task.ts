/**
 * The `mlops` task type (package.json taskDefinitions): `mlops validate` on
 * one file or on every .mlops file of a workspace folder (found when the
 * task is provided), run with the CLI
 * bundled in the extension (out/cli/main.cjs) under VS Code's own Node.js,
 * with the `$mlops` problem matcher, so a build task or CI-like check in the
 * editor lists the same diagnostics as the command line. Offered for each
 * trusted workspace folder that is on disk.
 */
import * as vscode from 'vscode';

export const TASK_TYPE = 'mlops';

interface MlopsTaskDefinition extends vscode.TaskDefinition {
    command: 'validate';
    file?: string;
}

/** The command line of a validate task: VS Code's Node.js running the bundled CLI on the files, relative to the folder. */
export function validateCommandLine(cliPath: string, files: string[]): { command: string; args: string[] } {
    return { command: process.execPath, args: [cliPath, 'validate', ...files] };
}

/** The folder's .mlops files, relative to it, in a stable order (node_modules left out). */
async function modelsOf(folder: vscode.WorkspaceFolder): Promise<string[]> {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.mlops'), '**/node_modules/**');
    return found.map(uri => vscode.workspace.asRelativePath(uri, false)).sort();
}

async function taskFor(definition: MlopsTaskDefinition, folder: vscode.WorkspaceFolder, cliPath: string): Promise<vscode.Task> {
    const { command, args } = validateCommandLine(cliPath, definition.file ? [definition.file] : await modelsOf(folder));
    // ELECTRON_RUN_AS_NODE: VS Code's executable runs the CLI as plain Node.js.
    const execution = new vscode.ProcessExecution(command, args, { cwd: folder.uri.fsPath, env: { ELECTRON_RUN_AS_NODE: '1' } });
    const task = new vscode.Task(definition, folder, definition.file ? `validate ${definition.file}` : 'validate', 'mlops', execution, '$mlops');
    task.group = vscode.TaskGroup.Build;
    return task;
}

export function registerValidateTask(context: vscode.ExtensionContext): vscode.Disposable {
    const cliPath = context.asAbsolutePath('out/cli/main.cjs');
    return vscode.tasks.registerTaskProvider(TASK_TYPE, {
        provideTasks: () => Promise.all((vscode.workspace.workspaceFolders ?? [])
            .filter(folder => folder.uri.scheme === 'file' && vscode.workspace.isTrusted)
            .map(folder => taskFor({ type: TASK_TYPE, command: 'validate' }, folder, cliPath))),
        resolveTask: task => {
            const definition = task.definition as MlopsTaskDefinition;
            const folder = task.scope;
            if (definition.command !== 'validate' || !folder || typeof folder === 'number') {
                return undefined;
            }
            return taskFor(definition, folder, cliPath);
        }
    });
}
