/**
 * The extension's manifest (package.json) against what the extension does and
 * ships: every contributed command is implemented, every setting has a scope
 * and a markdown description, the walkthrough's media and the icons exist and
 * are packaged, and the problem matcher reads what `mlops validate` prints.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const extensionSources = ['main.ts', 'new-model.ts', 'validate-task.ts', 'optimize-command.ts', 'panel-actions.ts']
    .map(f => readFileSync(join(ROOT, 'src/extension', f), 'utf8')).join('\n');

/** Files `vsce ls` would put into the .vsix (no build needed). */
function packagedFiles(): string[] {
    const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies', '--readme-path', 'README.marketplace.md'],
        { cwd: ROOT, encoding: 'utf8' });
    return out.split('\n').map(l => l.trim()).filter(Boolean);
}

describe('package.json of the extension', () => {
    it('names a real repository, a license file, an icon of 128 x 128 and the trust capabilities', () => {
        expect(pkg.repository.url).toMatch(/^https:\/\/github\.com\//);
        expect(pkg.bugs.url).toMatch(/^https:\/\//);
        expect(existsSync(join(ROOT, 'LICENSE'))).toBe(true);
        expect(existsSync(join(ROOT, 'CHANGELOG.md'))).toBe(true);
        const png = readFileSync(join(ROOT, pkg.icon));
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
        expect(pkg.capabilities.untrustedWorkspaces.supported).toBe('limited');
        expect(pkg.capabilities.virtualWorkspaces.supported).toBe('limited');
    });

    it('every contributed command is registered by the extension, with a title and the MLOps category', () => {
        for (const command of contributes.commands) {
            expect(command.title, command.command).toBeTruthy();
            expect(command.category).toBe('MLOps');
            expect(extensionSources, `registerCommand('${command.command}'`).toContain(`registerCommand('${command.command}'`);
        }
        const menuCommands = Object.values(contributes.menus).flat() as { command: string }[];
        for (const entry of menuCommands) {
            expect(contributes.commands.map((c: { command: string }) => c.command)).toContain(entry.command);
        }
    });

    it('every setting has a scope and a markdown description, and the server trace setting exists', () => {
        const properties = contributes.configuration.properties as Record<string, { scope?: string; markdownDescription?: string }>;
        for (const [key, setting] of Object.entries(properties)) {
            expect(setting.scope, key).toMatch(/^(application|machine|machine-overridable|window|resource|language-overridable)$/);
            expect(setting.markdownDescription, key).toBeTruthy();
        }
        expect(properties['mlops.trace.server']).toBeDefined();
    });

    it('the walkthrough, the icons and the template are packaged, and the template validates', () => {
        const files = packagedFiles();
        const steps = contributes.walkthroughs[0].steps as { media: { markdown: string } }[];
        expect(steps.length).toBeGreaterThanOrEqual(4);
        for (const step of steps) {
            expect(files).toContain(step.media.markdown);
        }
        expect(files).toContain(pkg.icon);
        expect(files).toContain(contributes.languages[0].icon.light.replace(/^\.\//, ''));
        expect(files).toContain('language/template.mlops');
        expect(files).toContain('LICENSE');
        const check = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', 'language/template.mlops'], { cwd: ROOT, encoding: 'utf8' });
        expect(check.stdout + check.stderr).toContain('0 errors, 0 warnings');
        expect(check.status).toBe(0);
    });

    it('the $mlops problem matcher reads every diagnostic line that mlops validate prints', () => {
        const matcher = contributes.problemMatchers.find((m: { name: string }) => m.name === 'mlops');
        const pattern = new RegExp(matcher.pattern.regexp);
        const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', 'test/fixtures/invalid/unresolved-name.mlops', 'test/fixtures/invalid/unused-element.mlops'],
            { cwd: ROOT, encoding: 'utf8' });
        const lines = run.stdout.split('\n').filter(l => /\.mlops:\d+:\d+:/.test(l));
        expect(lines.length).toBeGreaterThanOrEqual(2);
        for (const line of lines) {
            const match = pattern.exec(line);
            expect(match, line).not.toBeNull();
            expect(match![matcher.pattern.file]).toMatch(/\.mlops$/);
            expect(Number(match![matcher.pattern.line])).toBeGreaterThan(0);
            expect(['error', 'warning']).toContain(match![matcher.pattern.severity]);
            expect(match![matcher.pattern.code]).toMatch(/^[a-z0-9-]+$/);
        }
        expect(contributes.taskDefinitions[0].type).toBe('mlops');
    });
});
