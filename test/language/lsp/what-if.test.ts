/**
 * The editor's what-if (src/language/lsp/what-if*.ts): the "Simulate" code
 * lens shows the analytic estimate at once, then the simulation (on a worker
 * thread) replaces it; an edit cancels the running simulation and the lens
 * shows the change; the hover of an allocation line shows the figures of its
 * component's processes. On the card-fraud model of issue 13: a scorer that
 * starts in 5 s, is not permanent, with keepalive 0, serving a 200 ms deadline.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { DocumentState, EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createMlopsServices } from '../../../src/language/mlops-module.js';
import type { WhatIfView } from '../../../src/language/lsp/what-if.js';
import { lateShare } from '../../../src/language/lsp/what-if-text.js';

const fraud = (scorer: string) => `system fraud
server node { cpu 32 GHz ram 64 GB price 1 EUR/h count 2 }
component scorer { idle cpu 0.1 GHz ram 1 GB startup 5 s${scorer} }
component trainer { idle cpu 1 GHz ram 4 GB }
step score { runs on scorer cpu 0.01 GHz*s }
step train { runs on trainer cpu 60 GHz*s }
process scoring { steps score every exponential(mean 2 s) deadline 200 ms }
process training { steps train every exponential(mean 10 min) }
allocation current {
    scorer on node x 2
    trainer on node x 1
}
optimize { horizon 2 h warmup 10 min replications 2 seed 3 }
`;

let n = 0;
afterEach(() => { for (const s of created.splice(0)) { s.Mlops.whatIf.WhatIf.dispose(); } });
const created: ReturnType<typeof createMlopsServices>[] = [];

/** A fresh server (no connection) with `text` open as the editor would have it. */
async function open(text: string) {
    const services = createMlopsServices(EmptyFileSystem);
    created.push(services);
    const { shared, Mlops } = services;
    const uri = URI.parse(`file:///what-if-${++n}.mlops`);
    let version = 1;
    const edit = async (next: string) => {
        shared.workspace.TextDocuments!.set(TextDocument.create(uri.toString(), 'mlops', version++, next));
        await shared.workspace.WorkspaceLock.write(token => shared.workspace.DocumentBuilder.update([uri], [], token));
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri);
    };
    await edit(text);
    const document = () => shared.workspace.LangiumDocuments.getDocument(uri) as LangiumDocument;
    const whatIf = Mlops.whatIf.WhatIf;
    const lensTitles = async () => ((await Mlops.lsp.CodeLensProvider!.provideCodeLens(document(), { textDocument: { uri: uri.toString() } })) ?? [])
        .map(l => l.command!.title);
    const until = (what: string, ok: (v: WhatIfView | undefined) => boolean, timeoutMs = 60_000) => new Promise<WhatIfView>((resolve, reject) => {
        const check = () => {
            const view = whatIf.view(uri.toString(), 'current');
            if (ok(view)) {
                clearTimeout(timer);
                subscription.dispose();
                resolve(view!);
            }
        };
        const timer = setTimeout(() => { subscription.dispose(); reject(new Error(`timed out waiting for ${what}`)); }, timeoutMs);
        const subscription = whatIf.onDidChange(check);
        check();
    });
    return { services, uri, edit, document, whatIf, lensTitles, until };
}

const scoring = (v: WhatIfView | undefined) => v?.outcome?.processes.find(p => p.name === 'scoring');

describe('Simulate code lens', () => {
    test('each allocation block has "Simulate"; nothing runs before it is pressed', async () => {
        const { lensTitles, whatIf, uri } = await open(fraud(''));
        expect(await lensTitles()).toEqual(['Optimize Allocation', 'Simulate']);
        expect(whatIf.view(uri.toString(), 'current')).toBeUndefined();
    });

    test('pressed: the estimate at once, labelled; then the simulation replaces it; the cold start shows as runs over the deadline', async () => {
        const { whatIf, uri, lensTitles, until } = await open(fraud(''));
        await whatIf.simulate(uri.toString(), 'current');
        // The estimate is there when the command returns, while the simulation still runs.
        const estimate = whatIf.view(uri.toString(), 'current')!;
        expect(estimate.outcome?.kind).toBe('estimate');
        expect(estimate.running).toBe(true);
        const titles = await lensTitles();
        expect(titles[2]).toBe('analytic estimate, simulating…:');
        expect(titles[3]).toMatch(/^scoring p95 \S+ (s|ms), >?\d+(\.\d+)?% over 200 ms$/);
        expect(titles[4]).toMatch(/^training p95 /);
        expect(titles.at(-1)).toBe('Stop');

        const simulated = await until('the simulation', v => v?.outcome?.kind === 'simulated');
        expect(simulated.running).toBe(false);
        // Runs 2 s apart, an instance idle for 0 s stops: most runs wait the 5 s start-up.
        expect(lateShare(scoring(simulated)!)).toBeGreaterThan(0.5);
        expect(scoring(simulated)!.p95).toBeGreaterThan(4);
        expect((await lensTitles())[2]).toBe('simulated, 2 × 2 h:');
    }, 120_000);

    test('an edit cancels the running simulation; the fix (permanent) shows the drop against the figures before it', async () => {
        const { whatIf, uri, edit, lensTitles, until } = await open(fraud(''));
        await whatIf.simulate(uri.toString(), 'current');
        const before = await until('the first simulation', v => v?.outcome?.kind === 'simulated');
        const lateBefore = lateShare(scoring(before)!);

        await edit(fraud(' permanent'));
        const after = whatIf.view(uri.toString(), 'current')!;
        expect(after.outcome?.kind).toBe('estimate');
        expect(after.previous?.kind).toBe('simulated');
        const done = await until('the simulation after the fix', v => v?.outcome?.kind === 'simulated');
        const lateAfter = lateShare(scoring(done)!);
        expect(lateAfter).toBeLessThan(0.05);
        expect(lateAfter).toBeLessThan(lateBefore);
        const line = (await lensTitles()).find(t => t.startsWith('scoring'))!;
        expect(line).toMatch(/^scoring p95 \S+ s → \S+ ms, \d+(\.\d+)?% → \d+(\.\d+)?% over 200 ms$/);
    }, 180_000);

    test('an edit stops the running simulation at once (simulations run one at a time, so the next could not start otherwise)', async () => {
        // 2,000 simulated hours: minutes of work; the edit brings it back to 2 h
        const long = fraud('').replace('horizon 2 h', 'horizon 2000 h');
        const { whatIf, uri, edit, until } = await open(long);
        await whatIf.simulate(uri.toString(), 'current');
        await new Promise(resolve => setTimeout(resolve, 500)); // the long one is running on its worker
        expect(whatIf.view(uri.toString(), 'current')!.running).toBe(true);
        await edit(fraud(''));
        const done = await until('the simulation of the edited model', v => v?.outcome?.kind === 'simulated', 100_000);
        expect(done.outcome!.horizon).toBe(7200);
    }, 120_000);

    test('an edit that keeps the model (a comment) keeps the figures, and restarts a simulation it stopped', async () => {
        const { whatIf, uri, edit, until } = await open(fraud(''));
        await whatIf.simulate(uri.toString(), 'current');
        expect(whatIf.view(uri.toString(), 'current')!.running).toBe(true);
        await edit(fraud('') + '\n// a comment\n');
        const done = await until('the simulation after a comment', v => v?.outcome?.kind === 'simulated');
        expect(done.previous).toBeUndefined();
        await edit(fraud('') + '\n// another comment\n');
        const kept = whatIf.view(uri.toString(), 'current')!;
        expect(kept.outcome).toBe(done.outcome);
        expect(kept.running).toBe(false);
    }, 120_000);

    test('a file with errors says so instead of figures; Stop goes back to a plain Simulate', async () => {
        const { whatIf, uri, edit, lensTitles } = await open(fraud(''));
        await whatIf.simulate(uri.toString(), 'current');
        await edit(fraud('').replace('runs on scorer', 'runs on scorr'));
        expect(whatIf.view(uri.toString(), 'current')!.error).toBe('fix the 1 error first');
        expect(await lensTitles()).toEqual(['Optimize Allocation', 'Simulate', 'fix the 1 error first', 'Stop']);
        whatIf.stop(uri.toString(), 'current');
        expect(await lensTitles()).toEqual(['Optimize Allocation', 'Simulate']);
    });

    test('the command handler runs Simulate and Stop with the URI and the allocation name; bad arguments are refused', async () => {
        const { services, whatIf, uri } = await open(fraud(''));
        const handler = services.shared.lsp.ExecuteCommandHandler!;
        expect(handler.commands).toEqual(['mlops.simulateAllocation', 'mlops.stopSimulating']);
        await handler.executeCommand('mlops.simulateAllocation', [uri.toString(), 'current']);
        expect(whatIf.view(uri.toString(), 'current')?.outcome?.kind).toBe('estimate');
        await handler.executeCommand('mlops.stopSimulating', [uri.toString(), 'current']);
        expect(whatIf.view(uri.toString(), 'current')).toBeUndefined();
        await expect(handler.executeCommand('mlops.simulateAllocation', [42])).rejects.toThrow(/URI and the allocation name/);
    });
});

describe('allocation hover', () => {
    const hoverAt = async (ctx: Awaited<ReturnType<typeof open>>, text: string, needle: string) => {
        const offset = text.indexOf(needle) + needle.length + 1; // on the `x`
        const position = ctx.document().textDocument.positionAt(offset);
        const hover = await ctx.services.Mlops.lsp.HoverProvider!.getHoverContent(ctx.document(), { textDocument: { uri: ctx.uri.toString() }, position });
        return (hover?.contents as { value: string } | undefined)?.value ?? '';
    };

    test('without Simulate: the analytic estimate of the processes the line\'s component serves', async () => {
        const text = fraud('');
        const ctx = await open(text);
        const markdown = await hoverAt(ctx, text, '    scorer on node');
        expect(markdown).toContain('instances of `scorer`');
        expect(markdown).toContain('*What-if (analytic estimate): processes served by `scorer`*');
        expect(markdown).toMatch(/\| scoring \| [^|]+ \| [^|]+ \| 200 ms \| >?\d+(\.\d+)?% \|/);
        expect(markdown).not.toMatch(/\| training \|/);
    });

    test('after Simulate: the simulated figures, with the change after an edit', async () => {
        const text = fraud('');
        const ctx = await open(text);
        await ctx.whatIf.simulate(ctx.uri.toString(), 'current');
        await ctx.until('the simulation', v => v?.outcome?.kind === 'simulated');
        expect(await hoverAt(ctx, text, '    trainer on node')).toMatch(/What-if \(simulated, 2 × 2 h\): processes served by `trainer`[\s\S]*\| training \| /);
        const fixed = fraud(' permanent');
        await ctx.edit(fixed);
        await ctx.until('the simulation after the fix', v => v?.outcome?.kind === 'simulated');
        expect(await hoverAt(ctx, fixed, '    scorer on node')).toMatch(/\| scoring \| .* \| \d+(\.\d+)?% \(was \d+(\.\d+)?%\) \|/);
    }, 180_000);

    test('nothing from the what-if when the file has errors', async () => {
        const text = fraud('').replace('runs on scorer', 'runs on scorr');
        const ctx = await open(text);
        expect(await hoverAt(ctx, text, '    scorer on node')).not.toContain('What-if');
    });
});
