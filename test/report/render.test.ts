import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { embedJson, renderReportHtml } from '../../src/report/render.js';
import { fixtureResult, HOSTILE_LABEL } from './fixture.js';

const assets = { script: 'console.log("</script><b>");', style: 'body { color: var(--vscode-foreground); } /* </style> */' };

function between(html: string, open: RegExp, close: string): string[] {
    const out: string[] = [];
    let rest = html;
    for (;;) {
        const m = open.exec(rest);
        if (!m) {
            return out;
        }
        const start = m.index + m[0].length;
        const end = rest.indexOf(close, start);
        out.push(rest.slice(start, end));
        rest = rest.slice(end + close.length);
    }
}

describe('renderReportHtml', () => {
    test('the CSP allows exactly the inline script and style, by hash, and nothing remote', () => {
        const html = renderReportHtml(fixtureResult(3), assets);
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
        expect(csp).toMatch(/default-src 'none'/);
        const scripts = between(html, /<script>/, '</script>');
        const styles = between(html, /<style>/, '</style>');
        expect(scripts).toHaveLength(1);
        expect(styles).toHaveLength(1);
        const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
        expect(csp).toContain(`script-src ${hash(scripts[0])}`);
        expect(csp).toContain(`style-src ${hash(styles[0])}`);
        expect(csp).not.toMatch(/unsafe|https?:|\*/);
        // the bundle's own "</script>" cannot end the element early
        expect(scripts[0]).toContain('<\\/script><b>');
        expect(styles[0]).toContain('<\\/style>');
        const markup = html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/, '');
        expect(markup).not.toMatch(/\b(src|href)=/);
    });

    test('embeds the result as JSON that cannot break out of its element', () => {
        const result = fixtureResult(3);
        const html = renderReportHtml(result, assets);
        const [data] = between(html, /<script type="application\/json" id="mlops-data">/, '</script>');
        expect(data).not.toContain('<');
        expect(JSON.parse(data)).toEqual(JSON.parse(JSON.stringify(result)));
        expect(JSON.parse(data).labels.scorer).toBe(HOSTILE_LABEL);
        expect(html).not.toContain('<img');
        expect(embedJson({ a: '</script><!--&' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u0026"}');
    });

    test('the title shows bidirectional controls of the label instead of obeying them', () => {
        const html = renderReportHtml({ ...fixtureResult(2), labels: { retail: 'Retail \u202Etsoc' } }, assets);
        expect(html).toContain('<title>MLOps optimization report: Retail [U+202E]tsoc</title>');
    });

    test('the title carries the system label as text', () => {
        const result = { ...fixtureResult(2), labels: { retail: '<b>Retail</b> & co' } };
        const html = renderReportHtml(result, assets);
        expect(html).toContain('<title>MLOps optimization report: &lt;b>Retail&lt;/b> &amp; co</title>');
    });
});
