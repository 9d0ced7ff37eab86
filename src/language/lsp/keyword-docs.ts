/**
 * One-line explanations of the language's keywords, shown when hovering a
 * keyword (language.md, "Elements"). Keys are keywords; a keyword whose
 * meaning depends on the element has one entry per element type.
 */
import { unitListMarkdown } from './describe.js';

const DOCS: Record<string, string> = {
    system: 'The system this file describes; the first line, one per file.',
    server: 'A server kind: the capacity and price of one machine, and how many identical machines there are.',
    component: 'A component: a service whose instances are placed on servers; it has an idle load while alive.',
    step: 'A step: a piece of work that runs on one component.',
    process: 'A process: a chain of steps started again and again (`every`), with an optional deadline.',
    allocation: 'An allocation: how many instances of each component run on each server kind (the decision variables).',
    optimize: 'Settings of the genetic optimizer; every field is optional.',
    label: 'A display name (free text) shown in hovers and in the results view.',
    'Server.cpu': 'CPU speed of one machine (MHz, GHz).',
    'Server.gpu': 'GPU speed of one machine (GOPS, TOPS); 0 when absent.',
    'Server.ram': 'RAM of one machine (KB … TB, KiB … TiB).',
    'Server.net': 'Network bandwidth of one machine, in and out (Kbps, Mbps, Gbps); unlimited when absent.',
    price: 'Price of one machine while any instance on it is up, per time (e.g. `EUR/h`).',
    count: 'Number of identical machines of this kind (default 1).',
    mtbf: 'Mean time between failures of one machine (`mtbf 500 h`: exponential with that mean; any distribution allowed). '
        + 'A failing machine stops its instances: their parts start again from the beginning elsewhere or after the repair. '
        + 'Needs `mttr`; absent: the machines never fail.',
    mttr: 'Mean time to repair a failed machine (`mttr 2 h`: exponential with that mean; any distribution allowed). '
        + 'The machine is down and unbilled meanwhile; its instances come back as at time 0. Needs `mtbf`.',
    idle: 'The load of one instance while it is alive, even without work: idle CPU and idle RAM.',
    permanent: 'Always running: never stopped when idle.',
    startup: 'Time an instance needs to start before it can work.',
    runs: 'The component this step runs on.',
    'Step.cpu': `CPU work of one execution (${unitListMarkdown('cpuWork')}); a distribution is allowed.`,
    'Step.gpu': `GPU work of one execution (${unitListMarkdown('gpuWork')}); a distribution is allowed.`,
    'Step.ram': 'RAM one execution needs on top of the idle RAM of its component.',
    'Step.net': 'Network rates of the step while it works, in and out (they slow its work when the machine\'s bandwidth is short; transfers of `data` between steps are separate).',
    threads: 'The step may be split over up to this many instances of its component (default 1).',
    data: 'Data the step reads (`in`) and writes (`out`), e.g. `data in 200 MB out 20 MB`. When the next step of a run runs on another machine, '
        + 'the larger of this step\'s `out` and the next step\'s `in` is sent over the two machines\' `net out`/`net in` (shared by the transfers in progress), '
        + 'plus the `latency` of the optimize block (docs/semantics.md, "Communication").',
    split: 'The cost of splitting the step into k parts (`threads`): `serial S` (a fraction in [0, 1)): every part also does S of the work, '
        + 'a part carries S W + (1 − S) W / k (Amdahl); `overhead X` (CPU or GPU work): every part carries (k − 1) X more, '
        + 'to coordinate with each other part, so beyond some k more parts are slower. Default: a perfect split.',
    serial: 'Serial fraction of the step\'s work in [0, 1): every part of a split does it (Amdahl\'s law); 0 by default.',
    overhead: 'Work every part of a split into k adds per other part: a part carries W / k + (k − 1) × overhead (CPU or GPU work, like the step\'s).',
    latency: 'Seconds added to every transfer of data between two machines (a hop between consecutive steps on different machines); 0 by default.',
    steps: 'The chain of steps of the process, in execution order: `a -> b -> c`.',
    every: 'Time between two runs of the process: a distribution or a constant.',
    deadline: 'A run that takes longer than this is a deadline violation.',
    weight: 'Weights of this process in the time (W^t) and variance (W^v) criteria (defaults 1 and 1).',
    profile: 'Arrival profile: rate multipliers over a repeating cycle. `profile [0.2 x 6h, 2.5 x 4h]` multiplies the rate of `every` by 0.2 for 6 h, then by 2.5 for 4 h, and again from the start (the cycle starts at time 0 with the first phase). Results are also reported per phase.',
    'Phase.x': 'FACTOR x LENGTH: during this phase the arrival rate is FACTOR times the rate of `every` (0: no arrivals).',
    priority: 'Priority of this process where its parts share a component or a machine with others: higher is served first (default 0; first come, first served within one priority).',
    preemptive: 'Parts of this process interrupt running parts of lower priority (which resume later with the work they have left) and take the CPU and GPU of their machine before them.',
    limit: 'At most N instances of the component work on one execution of the step.',
    horizon: 'Simulated time of one replication.',
    warmup: 'Runs that start earlier are not counted.',
    keepalive: 'How long an idle, non-permanent instance stays up before it is stopped.',
    replications: 'Simulation replications per evaluated allocation.',
    population: 'Population size of the genetic optimizer.',
    generations: 'Number of generations of the genetic optimizer.',
    evaluations: 'Stop after this many simulated allocations.',
    timeout: 'Stop the optimizer after this wall time.',
    stagnation: 'Stop after this many generations without improvement.',
    events: 'Event budget of one replication (a guard against overloaded models).',
    seed: 'Seed of the random streams: the same seed gives the same results.',
    prefer: 'Weights of the four criteria (time, variance, violations, cost) for choosing one solution of the front.',
    constant: 'constant(X): always X.',
    exponential: 'exponential(mean X): memoryless, standard deviation equal to the mean.',
    uniform: 'uniform(A, B): any value between A and B equally likely.',
    normal: 'normal(mean X, sd Y): normal, truncated at 0.',
    lognormal: 'lognormal(mean X, cv C): skewed to the right; cv = sd / mean.',
    gamma: 'gamma(mean X, cv C): cv = sd / mean.',
    erlang: 'erlang(k, mean X): the sum of k exponential phases; sd = mean / √k.'
};

/** The explanation of `keyword` where it stands in an element of type `elementType`. */
export function keywordDoc(keyword: string, elementType: string | undefined): string | undefined {
    return (elementType ? DOCS[`${elementType}.${keyword}`] : undefined) ?? DOCS[keyword];
}
