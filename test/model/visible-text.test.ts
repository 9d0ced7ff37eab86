/** Labels shown to people: bidirectional controls are shown, not obeyed (issue 12.16). */
import { describe, expect, test } from 'vitest';
import { visibleText } from '../../src/model/visible-text.js';
import { displayName } from '../../src/webview/format.js';

describe('visibleText', () => {
    test('every bidi embedding, override, isolate and mark becomes its code point', () => {
        const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
        for (const c of controls) {
            const shown = visibleText(`a${c}b`);
            expect(shown).toBe(`a[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]b`);
        }
    });

    test('ordinary text, right-to-left letters included, is unchanged', () => {
        for (const text of ['Scoring API', 'שירות', 'خدمة التقييم', '<b>&</b>', 'zero\u200Bwidth']) {
            expect(visibleText(text)).toBe(text);
        }
    });

    test('displayName shows a spoofing label as it is stored', () => {
        expect(displayName({ labels: { scorer: 'invoice\u202Efdp.exe' } }, 'scorer')).toBe('invoice[U+202E]fdp.exe (scorer)');
        expect(displayName({ labels: {} }, 'scorer')).toBe('scorer');
    });
});
