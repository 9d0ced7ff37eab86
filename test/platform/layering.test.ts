/** src/platform is pure mapping logic: it imports neither vscode, nor Langium, nor the language or CLI layers. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('src/platform imports no vscode, langium, src/language, src/cli or node:fs', () => {
    const dir = join(__dirname, '../../src/platform');
    const files = readdirSync(dir).filter(f => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
        const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map(m => m[1]);
        for (const source of imports) {
            expect(source, `${file} imports ${source}`).not.toMatch(/^(vscode|langium)|\/language\/|\/cli\/|^node:fs/);
        }
    }
});
