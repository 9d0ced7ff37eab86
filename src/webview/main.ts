/**
 * The results view (browser bundle out/webview/main.js). It runs inside a
 * VS Code webview (data arrives by message, state kept with setState) or in
 * the HTML report (data embedded as JSON in the page, no host).
 */
import './styles.css';
import type { ObjectiveKey } from '../model/types.js';
import { OBJECTIVE_KEYS } from '../model/types.js';
import { parseAxisKey } from './axes.js';
import { ChangeEffectsView } from './change-effects.js';
import { ChangesView } from './changes.js';
import { ConvergenceView } from './convergence.js';
import { DetailsView } from './details.js';
import { clear, el } from './dom.js';
import { displayName } from './format.js';
import { FrontTable } from './front-table.js';
import { MatrixView } from './matrix.js';
import { ParallelView } from './parallel.js';
import { parseHostMessage, parseResult, type HostMessage, type ViewMessage } from './protocol.js';
import { ScatterView } from './scatter.js';
import { ServiceLevelsView } from './service-levels.js';
import { TimeBarsView } from './time-bars.js';
import { effectiveSelection, explanationOf, INITIAL_STATE, openedBaseline, shownRef, solutionKey, Store, type ExplanationEntry, type ViewState } from './state.js';
import { readPalette, watchTheme } from './theme.js';

interface VsCodeApi {
    postMessage(message: unknown): void;
    getState(): unknown;
    setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

function post(message: ViewMessage): void {
    vscode?.postMessage(message);
}

/** A saved state, checked like a message (it may come from an older version of the view). */
function restoreState(saved: unknown): ViewState {
    if (typeof saved !== 'object' || saved === null) {
        return INITIAL_STATE;
    }
    const s = saved as Record<string, unknown>;
    const parsed = s.result ? parseResult(s.result) : undefined;
    const key = (v: unknown, fallback: ObjectiveKey) => (OBJECTIVE_KEYS as readonly unknown[]).includes(v) ? v as ObjectiveKey : fallback;
    return {
        ...INITIAL_STATE,
        result: parsed?.ok ? parsed.message : null,
        selected: Number.isInteger(s.selected) ? s.selected as number : null,
        baseline: Number.isInteger(s.baseline) && (s.baseline as number) >= 0 ? s.baseline as number : null,
        source: typeof s.source === 'string' ? s.source : null,
        x: parseAxisKey(s.x) ?? INITIAL_STATE.x,
        y: parseAxisKey(s.y) ?? INITIAL_STATE.y,
        sortKey: s.sortKey === 'index' ? 'index' : key(s.sortKey, 'time'),
        sortAscending: s.sortAscending !== false,
        stale: s.stale === true,
        // a restored view is not running: the optimizer does not survive a reload
        running: false
    };
}

function embeddedResult(): ViewState | undefined {
    const node = document.getElementById('mlops-data');
    if (!node) {
        return undefined;
    }
    const parsed = parseResult(JSON.parse(node.textContent ?? 'null'));
    if (!parsed.ok) {
        throw new Error(`the report's data is invalid: ${parsed.error}`);
    }
    return { ...INITIAL_STATE, result: parsed.message };
}

function start(): void {
    const root = document.getElementById('app') ?? document.body.appendChild(el('div', { id: 'app' }));
    let initial: ViewState;
    try {
        initial = embeddedResult() ?? restoreState(vscode?.getState());
    } catch (error) {
        root.appendChild(el('p', { class: 'error', role: 'alert' }, String(error instanceof Error ? error.message : error)));
        return;
    }
    const store = new Store(initial);

    const title = el('h1', {});
    const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const notice = el('p', { class: 'notice', role: 'status', 'aria-live': 'polite' });
    const warnings = el('ul', { class: 'warnings' });
    const rerunButton = el('button', { type: 'button', id: 'rerun', title: 'Optimize the changed model again' }, 'Run again');
    rerunButton.addEventListener('click', () => post({ type: 'rerun' }));
    const staleBanner = el('div', { class: 'stale', role: 'alert', id: 'stale' },
        el('span', {}, 'The model changed after this run: these results may no longer hold.'), vscode ? rerunButton : null);
    const applyButton = el('button', { type: 'button', id: 'apply', title: 'Write the selected solution into the file as allocation optimized' }, 'Apply selected');
    const exportButton = el('button', { type: 'button', id: 'export', class: 'secondary', title: 'Save the front as JSON or CSV' }, 'Export…');
    applyButton.addEventListener('click', () => {
        const index = effectiveSelection(store.state);
        if (index !== null) {
            post({ type: 'apply', index });
        }
    });
    exportButton.addEventListener('click', () => post({ type: 'export' }));
    const actions = vscode ? el('div', { class: 'actions' }, applyButton, exportButton) : null;

    let views: { render(state: ViewState): void; select?(state: ViewState): void; destroy?(): void; element: HTMLElement }[] = [];
    const build = () => {
        views.forEach(v => v.destroy?.());
        const p = readPalette();
        views = [new ScatterView(store, p), new ParallelView(store), new MatrixView(), new DetailsView(p), new FrontTable(store), new ConvergenceView(p), new ServiceLevelsView(), new ChangesView(), new TimeBarsView(), new ChangeEffectsView(vscode ? post : undefined)];
    };
    build();
    const changeEffects = { render: (state: ViewState) => views[9].render(state) };
    const layout = () => {
        clear(root);
        // Service levels first: whether each process meets its deadline is what the run is for.
        root.append(el('header', {}, el('div', {}, title, status), actions), staleBanner, notice, warnings, views[6].element, views[8].element, views[7].element, views[9].element,
            el('div', { class: 'grid' },
                el('div', { class: 'column' }, views[0].element, views[1].element),
                el('div', { class: 'column' }, views[2].element, views[3].element)),
            views[4].element, views[5].element);
    };
    layout();

    /** `onlySelection`: nothing but the selected index changed since the last render. */
    const render = (state: ViewState, onlySelection = false) => {
        const result = state.result;
        title.textContent = result ? `MLOps optimization: ${displayName(result, result.system)}` : 'MLOps optimization';
        if (!result) {
            status.textContent = vscode
                ? 'Waiting for results… (run “MLOps: Optimize Allocation” on a .mlops file)'
                : 'Waiting for results…';
        } else if (state.running) {
            status.textContent = state.status || 'Optimizing…';
        } else {
            status.textContent = `${result.front.length} solutions on the front; stopped by ${result.stoppedBy}.`;
        }
        staleBanner.hidden = !(state.stale && result && !state.running);
        clear(warnings);
        for (const w of result?.warnings ?? []) {
            warnings.appendChild(el('li', {}, w));
        }
        // An opened baseline is not a front member: Apply writes the front's selection only.
        applyButton.disabled = state.running || effectiveSelection(state) === null || openedBaseline(state) !== null;
        for (const view of views) {
            if (onlySelection && view.select) {
                view.select(state);
            } else {
                view.render(state);
            }
        }
    };

    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    let lastSelected = effectiveSelection(store.state);
    let lastState = store.state;
    /** The solution (and result) the host was last asked about: a new one supersedes the host's running explanation. */
    let lastExplained: { key: string | null; result: ViewState['result'] } = { key: null, result: null };
    const askHost = (state: ViewState) => {
        const ref = state.result && !state.running ? shownRef(state) : null;
        const key = ref ? solutionKey(ref) : null;
        if (key === lastExplained.key && state.result === lastExplained.result) { return; }
        lastExplained = { key, result: state.result };
        const entry = ref ? explanationOf(state, ref) : undefined;
        if (ref && (!entry || entry.state === 'cancelled')) {
            post({ type: 'explain', ...ref });
        } else if (Object.values(state.explanations).some(e => e.state === 'running')) {
            post({ type: 'explainCancel' });
        }
    };
    store.subscribe(state => {
        const onlySelection = (Object.keys(state) as (keyof ViewState)[]).every(k => k === 'selected' || state[k] === lastState[k]);
        // An explanation's progress redraws its own panel only (a front of 500 is slow to redraw at every simulation).
        const onlyExplanations = (Object.keys(state) as (keyof ViewState)[]).every(k => k === 'explanations' || state[k] === lastState[k]);
        lastState = state;
        if (onlyExplanations) { changeEffects.render(state); } else { render(state, onlySelection); }
        const selected = effectiveSelection(state);
        if (selected !== lastSelected && selected !== null) {
            post({ type: 'select', index: selected });
        }
        lastSelected = selected;
        if (vscode) { askHost(state); }
        if (vscode) {
            clearTimeout(saveTimer);
            saveTimer = setTimeout(() => vscode.setState({ ...store.state, status: '' }), 150);
        }
    });
    watchTheme(() => {
        build();
        layout();
        render(store.state);
    });

    window.addEventListener('message', event => {
        const parsed = parseHostMessage(event.data);
        if (!parsed.ok) {
            console.warn(`mlops results view: ignored a message: ${parsed.error}`);
            return;
        }
        onHostMessage(store, parsed.message, notice);
    });
    render(store.state);
    post({ type: 'ready' });
}

function onHostMessage(store: Store, message: HostMessage, notice: HTMLElement): void {
    switch (message.type) {
        case 'show':
            store.update({ result: message.result, running: message.running, stale: false, selected: message.selected, baseline: null,
                source: message.source, status: message.running ? 'Optimizing…' : '', explanations: {} });
            break;
        case 'explanation': {
            const key = solutionKey(message);
            const known = store.state.explanations[key];
            const entry: ExplanationEntry | undefined = message.state === 'running' ? { state: 'running', phase: message.phase ?? 'changes', done: message.done ?? 0, total: message.total ?? null }
                : message.state === 'done' ? (message.explanation ? { state: 'done', explanation: message.explanation } : undefined)
                : message.state === 'failed' ? { state: 'failed', message: message.message ?? 'unknown error' }
                : { state: 'cancelled' };
            // A measured explanation stays (a late 'cancelled' or 'failed' of the same solution does not hide it).
            if (entry && known?.state !== 'done') {
                store.update({ explanations: { ...store.state.explanations, [key]: entry } });
            }
            break;
        }
        case 'progress': {
            const result = store.state.result;
            if (!result) {
                return;
            }
            const chosen = Math.min(result.chosen, Math.max(0, message.front.length - 1));
            store.update({
                result: { ...result, front: message.front, chosen, hypervolume: message.hypervolume,
                    hypervolumeByGeneration: message.hypervolumeByGeneration, evaluations: message.evaluations },
                running: true,
                status: `Optimizing: generation ${message.generation}${message.generations > 0 ? ` of ${message.generations}` : ''}, ${message.evaluations} evaluations, ${message.front.length} solutions on the front.`
            });
            break;
        }
        case 'stale':
            store.update({ stale: true });
            break;
        case 'notice':
            notice.textContent = message.text;
            notice.className = `notice ${message.level}`;
            break;
    }
}

start();
