// Small, bounded helpers to drive the VS Code workbench in the browser.
// Every wait has a timeout; every failure says what was expected on screen.

export const isMac = process.platform === 'darwin';
const MOD = isMac ? 'Meta' : 'Control';

export class StepError extends Error {}

/** Polls `check()` until it returns a truthy value or `timeoutMs` passes. */
export async function waitUntil(check, { timeoutMs, intervalMs = 100, what }) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
        try {
            last = await check();
            if (last) return last;
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline) {
            const detail = last instanceof Error ? ` (last error: ${last.message})` : '';
            throw new StepError(`timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what}${detail}`);
        }
        await new Promise(r => setTimeout(r, intervalMs));
    }
}

export async function waitForWorkbench(page, timeoutMs) {
    await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    // The explorer shows the folder once the remote file system is connected.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs });
}

async function quickInputVisible(page, timeoutMs) {
    await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) .quick-input-box input',
        { state: 'visible', timeout: timeoutMs });
}

/** Focuses the editor area or workbench so that keybindings reach VS Code. */
export async function closeQuickInput(page) {
    if (await page.locator('.quick-input-widget:visible').count()) await page.keyboard.press('Escape');
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P), or by double-clicking its
 * explorer row when Quick Open does not list it in time, or clicks its tab when it
 * is open already; resolves (with the time
 * the open was triggered) when its tab is active.
 */
export async function openFile(page, fileName, timeoutMs = 20_000) {
    await closeQuickInput(page);
    // Already open: click its tab (this also takes the focus back from a webview).
    const tab = page.locator('.tabs-container .tab', { hasText: fileName }).first();
    if (await tab.count()) {
        const started = Date.now();
        await tab.click({ timeout: timeoutMs });
        await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: fileName })
            .waitFor({ state: 'visible', timeout: timeoutMs });
        return started;
    }
    await page.keyboard.press(`${MOD}+KeyP`);
    await quickInputVisible(page, timeoutMs);
    await page.keyboard.type(fileName);
    let started;
    try {
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first();
        await row.waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 10_000) });
        started = Date.now();
        // Click the row itself: Enter may still accept an older result while the list updates.
        await row.click({ timeout: 5_000 });
    } catch {
        await closeQuickInput(page);
        const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
        await row.waitFor({ state: 'visible', timeout: timeoutMs })
            .catch(() => { throw new StepError(`neither Quick Open nor the explorer lists ${fileName}`); });
        started = Date.now();
        await row.dblclick();
    }
    await page.locator('.tabs-container .tab.active', { hasText: fileName })
        .waitFor({ state: 'visible', timeout: timeoutMs });
    await page.locator('.editor-group-container.active .monaco-editor .view-lines')
        .first().waitFor({ state: 'visible', timeout: timeoutMs });
    return started;
}

/** Runs a command from the command palette (F1) by its full title, e.g. "MLOps: Optimize Allocation". */
export async function runCommand(page, title, timeoutMs = 20_000) {
    await closeQuickInput(page);
    await page.keyboard.press('F1');
    await quickInputVisible(page, timeoutMs);
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
        await row.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
        const shown = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts().catch(() => []);
        throw new StepError(`the command palette does not offer "${title}" (shown: ${JSON.stringify(shown.slice(0, 8))})`);
    }
    await page.keyboard.press('Enter');
}

/** Moves the cursor of the active editor with Go to Line (Ctrl+G), 1-based line and column. */
export async function goTo(page, line, column, timeoutMs = 10_000) {
    await closeQuickInput(page);
    await page.keyboard.press(`${MOD}+KeyG`);
    await quickInputVisible(page, timeoutMs);
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'hidden', timeout: timeoutMs });
}

/** Opens the Problems panel (if not visible) and returns its text. */
export async function problemsText(page, timeoutMs = 10_000) {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) {
        await runCommand(page, 'Problems: Focus on Problems View', timeoutMs)
            .catch(async () => { await closeQuickInput(page); await page.keyboard.press(`${MOD}+Shift+KeyM`); });
        await panel.waitFor({ state: 'visible', timeout: timeoutMs });
    }
    return (await panel.innerText()).trim();
}

/** Number of error / warning squiggles in the active editor. */
export async function squiggles(page) {
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    return {
        errors: await editor.locator('.squiggly-error').count(),
        warnings: await editor.locator('.squiggly-warning').count()
    };
}

/** The status bar's problem counter, e.g. "Errors: 0, Warnings: 2". */
export async function statusProblems(page) {
    const item = page.locator('[id="status.problems"]').first();
    return (await item.getAttribute('aria-label').catch(() => null)) ?? (await item.innerText().catch(() => ''));
}

/** The number of errors in the whole workspace, from the status bar (NaN if unreadable). */
export async function statusErrorCount(page) {
    const label = await statusProblems(page);
    if (/^\s*No Problems\s*$/i.test(label)) return 0;
    const m = /Errors?:\s*(\d+)/i.exec(label);
    if (m) return Number(m[1]);
    // With no error VS Code leaves the error count out: "Warnings: 2".
    return /(Warnings?|Infos?):\s*\d+/i.test(label) ? 0 : NaN;
}

/** The frame inside the (single) webview, e.g. the optimization results view. */
export function webviewFrame(page) {
    return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

export async function save(page) {
    await closeQuickInput(page);
    await page.keyboard.press(`${MOD}+KeyS`);
}
