/** Chart.js, registered with only what the view uses (keeps the bundle small). */
import {
    BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement,
    LogarithmicScale, PointElement, ScatterController, Tooltip
} from 'chart.js';
import type { Palette } from './theme.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement,
    LogarithmicScale, PointElement, ScatterController, Tooltip);

export { Chart };

/** Options every chart shares: no animation (instant updates with 500 points), theme colours. */
export function baseOptions(palette: Palette) {
    return {
        animation: false as const,
        responsive: true,
        maintainAspectRatio: false,
        color: palette.foreground,
        plugins: {
            legend: { labels: { color: palette.foreground, boxWidth: 12 } },
            tooltip: { backgroundColor: palette.background, titleColor: palette.foreground, bodyColor: palette.foreground,
                borderColor: palette.grid, borderWidth: 1 }
        }
    };
}

export function axis(palette: Palette, title: string) {
    return {
        title: { display: true, text: title, color: palette.foreground },
        ticks: { color: palette.muted },
        grid: { color: palette.grid },
        border: { color: palette.grid }
    };
}

/** Creates a canvas inside a sized box (Chart.js needs a sized parent when responsive). */
export function chartBox(className: string, label: string): { box: HTMLDivElement; canvas: HTMLCanvasElement } {
    const box = document.createElement('div');
    box.className = `chart ${className}`;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', label);
    box.appendChild(canvas);
    return { box, canvas };
}
