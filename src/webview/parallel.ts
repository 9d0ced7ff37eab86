/**
 * Parallel coordinates of the four criteria, drawn in SVG (Chart.js has no
 * such chart). Each axis spans the range of the front and the baselines,
 * lower (better) at the bottom. Clicking a line selects the solution.
 */
import { OBJECTIVE_KEYS, type Objectives } from '../model/types.js';
import { clear, el, svg } from './dom.js';
import { criterionTitle, formatNumber } from './format.js';
import { effectiveSelection, type Store, type ViewState } from './state.js';

const WIDTH = 640;
const HEIGHT = 260;
const TOP = 28;
const BOTTOM = 36;
const SIDE = 70;

export class ParallelView {
    readonly element: HTMLElement;
    private readonly canvas: SVGSVGElement;
    private lines = new Map<number, SVGPolylineElement>();
    private shownSelection: number | null = null;
    private chosen = -1;

    constructor(private store: Store) {
        this.canvas = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'parallel', role: 'img', 'aria-label': 'Parallel coordinates of the four criteria' });
        this.element = el('section', { class: 'panel', id: 'front-parallel' }, el('h2', {}, 'All four criteria'));
        this.element.appendChild(this.canvas);
        this.canvas.addEventListener('click', event => {
            const target = event.target as Element;
            const index = target.getAttribute('data-index');
            if (index !== null) {
                this.store.update({ selected: Number(index) });
            }
        });
    }

    /** Only the selection changed: restyle two lines and bring the selected one to the top. */
    select(state: ViewState): void {
        const selected = effectiveSelection(state);
        const old = this.shownSelection === null ? undefined : this.lines.get(this.shownSelection);
        if (old) {
            old.setAttribute('class', this.shownSelection === this.chosen ? 'chosen-line' : 'front-line');
        }
        const line = selected === null ? undefined : this.lines.get(selected);
        if (line) {
            line.setAttribute('class', 'selected-line');
            this.canvas.appendChild(line);
        }
        this.shownSelection = selected;
    }

    render(state: ViewState): void {
        const result = state.result;
        clear(this.canvas);
        this.lines = new Map();
        if (!result) {
            return;
        }
        // many lines: thinner and fainter, so that the density shows instead of a solid area
        this.canvas.setAttribute('class', result.front.length > 100 ? 'parallel dense' : 'parallel');
        const all: Objectives[] = [...result.front.map(s => s.objectives), ...result.baselines.map(b => b.objectives)];
        const range = OBJECTIVE_KEYS.map(k => {
            const values = all.map(o => o[k]).filter(Number.isFinite);
            const min = values.length ? Math.min(...values) : 0;
            const max = values.length ? Math.max(...values) : 1;
            return { min, max: max > min ? max : min + 1 };
        });
        const xAt = (i: number) => SIDE + i * (WIDTH - 2 * SIDE) / (OBJECTIVE_KEYS.length - 1);
        const yAt = (i: number, v: number) => {
            const r = range[i];
            const t = Number.isFinite(v) ? (v - r.min) / (r.max - r.min) : 1;
            return HEIGHT - BOTTOM - t * (HEIGHT - TOP - BOTTOM);
        };
        const points = (o: Objectives) => OBJECTIVE_KEYS.map((k, i) => `${xAt(i).toFixed(1)},${yAt(i, o[k]).toFixed(1)}`).join(' ');

        OBJECTIVE_KEYS.forEach((key, i) => {
            const x = xAt(i);
            this.canvas.appendChild(svg('line', { x1: x, y1: TOP, x2: x, y2: HEIGHT - BOTTOM, class: 'axis' }));
            const title = svg('text', { x, y: HEIGHT - 8, class: 'axis-title', 'text-anchor': 'middle' });
            title.textContent = criterionTitle(key, result.currency);
            const top = svg('text', { x, y: TOP - 8, class: 'axis-tick', 'text-anchor': 'middle' });
            top.textContent = formatNumber(range[i].max);
            const bottom = svg('text', { x, y: HEIGHT - BOTTOM + 14, class: 'axis-tick', 'text-anchor': 'middle' });
            bottom.textContent = formatNumber(range[i].min);
            this.canvas.append(title, top, bottom);
        });
        const selected = effectiveSelection(state);
        this.shownSelection = selected;
        this.chosen = result.chosen;
        result.front.forEach((s, index) => {
            if (index === selected || index === result.chosen) {
                return;
            }
            this.canvas.appendChild(this.line(points(s.objectives), 'front-line', index, `solution ${index + 1}`));
        });
        result.baselines.forEach(b => this.canvas.appendChild(this.line(points(b.objectives), 'baseline-line', null, `baseline ${b.name}`)));
        if (result.front.length && result.chosen !== selected) {
            this.canvas.appendChild(this.line(points(result.front[result.chosen].objectives), 'chosen-line', result.chosen, `chosen: solution ${result.chosen + 1}`));
        }
        if (selected !== null) {
            this.canvas.appendChild(this.line(points(result.front[selected].objectives), 'selected-line', selected, `selected: solution ${selected + 1}`));
        }
    }

    private line(points: string, className: string, index: number | null, tip: string): SVGPolylineElement {
        const line = svg('polyline', { points, class: className });
        if (index !== null) {
            line.setAttribute('data-index', String(index));
            this.lines.set(index, line);
        }
        const title = svg('title');
        title.textContent = tip;
        line.appendChild(title);
        return line;
    }
}
