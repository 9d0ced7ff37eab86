/**
 * Colours for canvas charts, read from the --vscode-* CSS variables (canvas
 * cannot use var() itself). Re-read when VS Code switches the theme.
 */
export interface Palette {
    foreground: string;
    muted: string;
    grid: string;
    background: string;
    series: string[];
    selected: string;
    chosen: string;
    baseline: string;
    deadline: string;
}

function cssVar(name: string, fallback: string): string {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
}

export function readPalette(): Palette {
    const foreground = cssVar('--vscode-foreground', '#cccccc');
    return {
        foreground,
        muted: cssVar('--vscode-descriptionForeground', foreground),
        grid: cssVar('--vscode-charts-lines', '#80808040'),
        background: cssVar('--vscode-editor-background', '#1e1e1e'),
        series: [cssVar('--vscode-charts-blue', '#3794ff'), cssVar('--vscode-charts-green', '#89d185'),
            cssVar('--vscode-charts-yellow', '#cca700'), cssVar('--vscode-charts-purple', '#b180d7')],
        selected: cssVar('--vscode-charts-orange', '#d18616'),
        chosen: cssVar('--vscode-charts-green', '#89d185'),
        baseline: cssVar('--vscode-charts-purple', '#b180d7'),
        deadline: cssVar('--vscode-charts-red', '#f14c4c')
    };
}

/** `color` with opacity `alpha` (hex colours only; others are returned as they are). */
export function withAlpha(color: string, alpha: number): string {
    const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
    if (!hex) {
        return color;
    }
    const digits = hex[1].length === 3 ? hex[1].split('').map(d => d + d).join('') : hex[1];
    return `#${digits}${Math.round(alpha * 255).toString(16).padStart(2, '0')}`;
}

/** Calls `onChange` when the body's theme class changes. */
export function watchTheme(onChange: () => void): void {
    new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
