/**
 * Issue 12, item 15: every window reload logged "[error] Request
 * textDocument/codeAction failed ... Starting server failed". The client's
 * rule for what it reports: a request it gave up on itself because it is not
 * running (stop or restart in progress) is answered empty; errors from the
 * server, and failures while running, are still reported. The reload itself
 * is checked in code-server by test/browser/vscode-results.mjs.
 */
import { describe, expect, test } from 'vitest';
import { failedByStop } from '../../src/extension/request-failure.js';

/** The shapes vscode-languageclient 10 produces (lib/common/client.js). */
const startingFailed = new Error('Starting server failed');
const serverError = Object.assign(new Error('Internal error'), { code: -32603 });
const inactive = Object.assign(new Error('Client is not running'), { code: -32099 });

describe('failedByStop', () => {
    test('the client\'s own error while it is stopping or restarting is not a failure to report', () => {
        expect(failedByStop(false, startingFailed)).toBe(true);
    });

    test('while running, the same error is reported', () => {
        expect(failedByStop(true, startingFailed)).toBe(false);
    });

    test('an error the server sent (with a code) is reported, running or not', () => {
        expect(failedByStop(false, serverError)).toBe(false);
        expect(failedByStop(true, serverError)).toBe(false);
        // ConnectionInactive has a code too; vscode-languageclient already answers it empty itself.
        expect(failedByStop(false, inactive)).toBe(false);
    });

    test('something that is not an Error is reported', () => {
        expect(failedByStop(false, 'boom')).toBe(false);
        expect(failedByStop(false, undefined)).toBe(false);
    });
});
