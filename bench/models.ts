/**
 * Generated `.mlops` models for the benchmarks of the simulator, the analytic
 * estimate and the optimizer: one generator per kind of platform the issues
 * name, each deterministic in its seed, so that a figure can be reproduced and
 * the same kind of problem can be drawn again with another seed (the product
 * is judged on instances nobody tuned it for).
 *
 * - generatedModelText: a mixed platform (default 30 components x 10 server
 *   kinds x 12 processes): online scoring, batch pipelines and GPU training
 *   on CPU and GPU kinds of unequal speed and price per GHz.
 * - gpuTightModelText: training and inference competing for few GPU machines.
 * - scoringModelText: an online scoring process at a realistic request rate
 *   (default 20 requests/s) beside training and monitoring, no optimize block.
 *
 * Texts, not Model objects, so that the CLI (`mlops simulate FILE`) can run
 * them exactly as a user would; parse them with src/language/load.ts.
 */
import { Rng } from '../src/opt/rng.js';

export interface GeneratedModelOptions {
    components?: number;
    serverKinds?: number;
    processes?: number;
    seed?: number;
    /** Text of an `optimize { ... }` block body, or undefined for none. */
    optimize?: string;
}

/** A number with at most `digits` decimals, without trailing zeros. */
function num(x: number, digits = 2): string {
    return String(Number(x.toFixed(digits)));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
    return items[rng.int(items.length)];
}

type Role = 'online' | 'batch' | 'training';

/**
 * A mixed platform. Server kinds: about 30% carry a GPU; CPU speed 16-64 GHz,
 * RAM 32-256 GB, 2-8 machines each, prices whose cost per GHz varies by a
 * factor of about 3 between kinds (so price-blind placement is costly).
 * Processes: about half online (every 1-10 s, deadline 0.5-5 s, 2 steps),
 * a third batch (every 5-60 min, deadline of the same order, 3-5 steps), the
 * rest training (every 2-8 h, GPU work, deadline 2-6 h). Work is sized so that
 * one instance of a component on a mid-size machine is loaded at 20-120%:
 * some components need several instances, none needs more than the platform has.
 */
export function generatedModelText(options: GeneratedModelOptions = {}): string {
    const C = options.components ?? 30;
    const S = options.serverKinds ?? 10;
    const P = options.processes ?? 12;
    const rng = new Rng(options.seed ?? 1);
    const lines: string[] = [`// Generated: ${C} components, ${S} server kinds, ${P} processes, seed ${options.seed ?? 1} (bench/models.ts).`,
        `system generated_${C}x${S}x${P}`, ''];

    const gpuKinds = Math.max(1, Math.round(S * 0.3));
    for (let s = 0; s < S; s++) {
        const gpu = s >= S - gpuKinds;
        const cpu = pick(rng, [16, 24, 32, 48, 64]);
        const ram = pick(rng, [32, 64, 128, 256]);
        const pricePerGHz = rng.range(0.02, 0.06);
        const price = cpu * pricePerGHz + ram * 0.002 + (gpu ? rng.range(2, 6) : 0);
        const count = 2 + rng.int(7);
        lines.push(`server kind${s} {`,
            `    cpu ${cpu} GHz`,
            ...(gpu ? [`    gpu ${pick(rng, [200, 300, 600])} TOPS`] : []),
            `    ram ${ram} GB`,
            `    price ${num(price)} USD/h`,
            `    count ${count}`,
            '}');
    }
    lines.push('');

    // Roles of processes, then components owned by each process's steps.
    const roles: Role[] = Array.from({ length: P }, (_, p) => (p % 6 < 3 ? 'online' : p % 6 < 5 ? 'batch' : 'training'));
    const componentRole: Role[] = Array.from({ length: C }, (_, c) => roles[c % P]);
    for (let c = 0; c < C; c++) {
        const role = componentRole[c];
        const permanent = role === 'online' ? rng.chance(0.5) : rng.chance(0.1);
        const startup = role === 'training' ? rng.range(30, 120) : role === 'online' ? rng.range(1, 10) : rng.range(5, 30);
        const idleCpu = rng.range(0.1, 1);
        const idleRam = pick(rng, [512, 1024, 2048, 4096, 8192]);
        lines.push(`component comp${c} { idle cpu ${num(idleCpu)} GHz ram ${idleRam} MB startup ${num(startup, 1)} s${permanent ? ' permanent' : ''} }`);
    }
    lines.push('');

    // Process p's chain: components c with c % P == p first (each one step),
    // then 0-2 shared components from other processes of the same role.
    const stepLines: string[] = [];
    const processLines: string[] = [];
    const interarrival = (role: Role) => role === 'online' ? rng.range(1, 10) : role === 'batch' ? rng.range(300, 3600) : rng.range(7200, 28800);
    for (let p = 0; p < P; p++) {
        const role = roles[p];
        const every = interarrival(role);
        const own = Array.from({ length: C }, (_, c) => c).filter(c => c % P === p);
        const chain: string[] = [];
        let meanWork = 0;
        const length = Math.max(own.length, role === 'online' ? 2 : role === 'batch' ? 3 + rng.int(3) : 2 + rng.int(2));
        for (let i = 0; i < length; i++) {
            const c = i < own.length ? own[i] : pick(rng, Array.from({ length: C }, (_, k) => k).filter(k => componentRole[k] === role));
            const stepName = `p${p}_s${i}`;
            // One instance on a 32 GHz machine loaded at 20-120%.
            const load = rng.range(0.2, 1.2);
            const workGHzs = load * 32 * every / Math.max(1, length / 2);
            const threads = role === 'online' ? 1 : 1 + rng.int(3);
            const cv = rng.range(0.3, 1.2);
            const dist = pick(rng, ['exponential', 'gamma', 'lognormal'] as const);
            const cpu = dist === 'exponential' ? `exponential(mean ${num(workGHzs, 3)} GHz*s)` : `${dist}(mean ${num(workGHzs, 3)} GHz*s, cv ${num(cv)})`;
            const gpuWork = role === 'training' && i === 0 ? `\n    gpu exponential(mean ${num(workGHzs * 10, 1)} TOPS*s)` : '';
            const ram = role === 'training' ? pick(rng, [4096, 8192, 16384]) : pick(rng, [128, 256, 512, 1024]);
            stepLines.push(`step ${stepName} {\n    runs on comp${c}\n    cpu ${cpu}${gpuWork}\n    ram ${ram} MB${threads > 1 ? `\n    threads ${threads}` : ''}\n}`);
            chain.push(stepName);
            meanWork += workGHzs;
        }
        // Deadline: a few times the chain's bare service time on a 32 GHz machine.
        const service = meanWork / 32 + (role === 'training' ? 600 : 0);
        const deadline = service * rng.range(2.5, 6);
        const weightTime = role === 'online' ? 5 : 1;
        processLines.push(`process proc${p} {\n    steps ${chain.join(' -> ')}\n    every exponential(mean ${num(every, 2)} s)\n    deadline ${num(deadline, 3)} s\n    weight time ${weightTime} variance 0.1\n}`);
    }
    lines.push(...stepLines, '', ...processLines, '');
    if (options.optimize !== undefined) {
        lines.push(`optimize {\n    ${options.optimize}\n}`, '');
    }
    return lines.join('\n');
}

/**
 * Few GPU machines, several GPU components: training (long GPU work, split
 * over up to 4 instances) and GPU inference compete for 3 GPU machines of two
 * kinds, while CPU-only preprocessing has plenty of room.
 */
export function gpuTightModelText(seed = 1, optimize?: string): string {
    const rng = new Rng(seed);
    const lines = [`// Generated GPU-tight platform, seed ${seed} (bench/models.ts).`, 'system gpu_tight', '',
        'server cpu_small { cpu 16 GHz ram 64 GB price 0.5 USD/h count 6 }',
        'server cpu_big { cpu 64 GHz ram 256 GB price 2.4 USD/h count 3 }',
        `server gpu_a { cpu 48 GHz gpu 300 TOPS ram 192 GB price ${num(rng.range(3, 4.5))} USD/h count 2 }`,
        `server gpu_b { cpu 64 GHz gpu 900 TOPS ram 384 GB price ${num(rng.range(9, 12))} USD/h count 1 }`, '',
        'component prep { idle cpu 0.3 GHz ram 2 GB startup 10 s }',
        'component trainer { idle cpu 0.5 GHz ram 16 GB startup 60 s }',
        'component tuner { idle cpu 0.5 GHz ram 16 GB startup 60 s }',
        'component infer { idle cpu 0.2 GHz ram 8 GB startup 20 s }',
        'component embed { idle cpu 0.2 GHz ram 4 GB startup 15 s }',
        'component registry { idle cpu 0.1 GHz ram 512 MB permanent }', '',
        `step prepare { runs on prep cpu gamma(mean ${num(rng.range(60, 180))} GHz*s, cv 0.4) ram 4 GB }`,
        `step train { runs on trainer cpu 10 GHz*min gpu erlang(2, mean ${num(rng.range(600, 1000))} TOPS*h) ram 96 GB threads 4 }`,
        `step tune { runs on tuner cpu 5 GHz*min gpu exponential(mean ${num(rng.range(150, 300))} TOPS*h) ram 64 GB threads 2 }`,
        `step infer_batch { runs on infer cpu 2 GHz*s gpu lognormal(mean ${num(rng.range(20000, 40000))} TOPS*s, cv 0.6) ram 8 GB }`,
        `step embed_docs { runs on embed cpu 1 GHz*s gpu exponential(mean ${num(rng.range(3000, 9000))} TOPS*s) ram 2 GB }`,
        'step register { runs on registry cpu 2 GHz*s ram 128 MB }', '',
        `process training { steps prepare -> train -> register every exponential(mean ${num(rng.range(3, 6))} h) deadline 6 h weight time 1 variance 0.1 }`,
        `process tuning { steps prepare -> tune -> register every exponential(mean ${num(rng.range(1, 2))} h) deadline 2 h weight time 1 variance 0.1 }`,
        `process inference { steps infer_batch every exponential(mean ${num(rng.range(2, 5))} min) deadline 10 min weight time 2 variance 0.1 }`,
        `process embedding { steps embed_docs every exponential(mean ${num(rng.range(20, 60))} s) deadline 2 min weight time 2 variance 0.1 }`, ''];
    if (optimize !== undefined) {
        lines.push(`optimize {\n    ${optimize}\n}`, '');
    }
    return lines.join('\n');
}

/**
 * An online scoring platform at `ratePerSecond` requests per second (default
 * 20) with a 200 ms deadline, beside 6-hourly training and a drift monitor,
 * with the allocation that runs today and no optimize block (the defaults).
 */
export function scoringModelText(ratePerSecond = 20): string {
    return [`// Generated scoring platform at ${ratePerSecond} requests/s (bench/models.ts).`, 'system scoring_platform', '',
        'server cpu_node { cpu 32 GHz ram 64 GB price 1.2 USD/h count 6 }',
        'server mem_node { cpu 16 GHz ram 512 GB price 3.5 USD/h count 2 }',
        'server gpu_node { cpu 64 GHz gpu 600 TOPS ram 256 GB price 14 USD/h count 2 }', '',
        'component feature_store { idle cpu 0.5 GHz ram 4 GB permanent }',
        'component scorer { idle cpu 0.1 GHz ram 1 GB startup 5 s }',
        'component trainer { idle cpu 0.2 GHz ram 2 GB startup 30 s }',
        'component monitor { idle cpu 0.1 GHz ram 512 MB startup 5 s }', '',
        'step fetch_features { runs on feature_store cpu exponential(mean 0.05 GHz*s) ram 64 MB }',
        'step score { runs on scorer cpu lognormal(mean 0.4 GHz*s, cv 0.5) ram 256 MB }',
        'step train { runs on trainer cpu 2 GHz*h gpu exponential(mean 50 TOPS*h) ram 48 GB threads 2 }',
        'step check_drift { runs on monitor cpu erlang(2, mean 60 GHz*s) ram 1 GB }', '',
        `process scoring { steps fetch_features -> score every exponential(mean ${num(1000 / ratePerSecond, 3)} ms) deadline 200 ms weight time 5 }`,
        'process training { steps fetch_features -> train every exponential(mean 6 h) deadline 3 h weight time 1 variance 0.5 }',
        'process monitoring { steps check_drift every constant(15 min) deadline 10 min }', '',
        'allocation current {',
        '    feature_store on mem_node x 1 permanent',
        '    scorer on cpu_node x 2',
        '    trainer on gpu_node x 2',
        '    monitor on cpu_node x 1',
        '    limit train to 2',
        '}', ''].join('\n');
}
