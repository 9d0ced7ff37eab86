import { describe, expect, test } from 'vitest';
import { CrashPolicy } from '../../src/extension/crash-policy.js';

describe('language server crash policy', () => {
    test('restarts, reports only the first crash, gives up when it keeps crashing', () => {
        const policy = new CrashPolicy(3, 60_000);
        expect(policy.onCrash(0)).toEqual({ restart: true, message: expect.stringMatching(/restarted/) });
        expect(policy.onCrash(1000)).toEqual({ restart: true });
        expect(policy.onCrash(2000)).toEqual({ restart: true });
        const last = policy.onCrash(3000);
        expect(last.restart).toBe(false);
        expect(last.message).toMatch(/4 times/);
    });

    test('old crashes leave the window', () => {
        const policy = new CrashPolicy(2, 60_000);
        policy.onCrash(0);
        policy.onCrash(10_000);
        expect(policy.onCrash(100_000).restart).toBe(true);
        expect(policy.onCrash(110_000).restart).toBe(true);
    });
});
