/**
 * The --vscode-* variables the results view uses, with values for a page
 * outside VS Code (light, and dark when the reader's system prefers it).
 */
const LIGHT: Record<string, string> = {
    'foreground': '#1f2328', 'descriptionForeground': '#59636e', 'errorForeground': '#c5221f',
    'editor-background': '#ffffff', 'sideBar-background': '#f6f8fa', 'panel-border': '#d0d7de',
    'editorWarning-foreground': '#9a6700', 'focusBorder': '#0969da',
    'button-foreground': '#ffffff', 'button-background': '#0969da', 'button-hoverBackground': '#0550ae',
    'button-secondaryForeground': '#1f2328', 'button-secondaryBackground': '#eaeef2', 'button-secondaryHoverBackground': '#d0d7de',
    'dropdown-foreground': '#1f2328', 'dropdown-background': '#ffffff', 'dropdown-border': '#d0d7de',
    'badge-foreground': '#ffffff', 'badge-background': '#59636e',
    'list-hoverBackground': '#eaeef2', 'list-activeSelectionBackground': '#0969da', 'list-activeSelectionForeground': '#ffffff',
    'charts-foreground': '#1f2328', 'charts-lines': '#d0d7de', 'charts-blue': '#0969da', 'charts-green': '#1a7f37',
    'charts-yellow': '#bf8700', 'charts-orange': '#d1590a', 'charts-red': '#cf222e', 'charts-purple': '#8250df',
    'font-family': 'system-ui, -apple-system, "Segoe UI", sans-serif', 'font-size': '13px'
};

const DARK: Record<string, string> = {
    ...LIGHT,
    'foreground': '#cccccc', 'descriptionForeground': '#9d9d9d', 'errorForeground': '#f48771',
    'editor-background': '#1e1e1e', 'sideBar-background': '#252526', 'panel-border': '#3c3c3c',
    'editorWarning-foreground': '#cca700', 'focusBorder': '#007fd4',
    'button-background': '#0e639c', 'button-hoverBackground': '#1177bb',
    'button-secondaryForeground': '#cccccc', 'button-secondaryBackground': '#3a3d41', 'button-secondaryHoverBackground': '#45494e',
    'dropdown-foreground': '#cccccc', 'dropdown-background': '#3c3c3c', 'dropdown-border': '#3c3c3c',
    'badge-background': '#4d4d4d', 'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e',
    'charts-foreground': '#cccccc', 'charts-lines': '#474747', 'charts-blue': '#3794ff', 'charts-green': '#89d185',
    'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-purple': '#b180d7'
};

function block(vars: Record<string, string>): string {
    return Object.entries(vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
}

export function reportThemeCss(): string {
    return `:root { ${block(LIGHT)} }\n@media (prefers-color-scheme: dark) { :root { ${block(DARK)} } }\n`;
}
