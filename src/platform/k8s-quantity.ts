/**
 * Kubernetes resource quantities (`250m`, `2`, `1.5Gi`, `32827484Ki`, `1e3`):
 * the number they stand for (cores for CPU, bytes for memory, a count for
 * GPUs), following the suffixes of k8s.io/apimachinery's resource.Quantity.
 */
const SUFFIX: Record<string, number> = {
    '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6
};

/** The value of a quantity, or undefined when it is not one. Numbers (YAML `cpu: 2`) are taken as they are. */
export function parseQuantity(value: unknown): number | undefined {
    if (typeof value === 'number') {
        return Number.isFinite(value) && value >= 0 ? value : undefined;
    }
    if (typeof value !== 'string') {
        return undefined;
    }
    const match = /^\+?((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(value.trim());
    if (!match) {
        return undefined;
    }
    const base = Number(match[1] + (match[2] ?? ''));
    return base * SUFFIX[match[3] ?? ''];
}

/** CPU cores as Kubernetes writes them: whole cores, else millicores. */
export function formatCpu(cores: number): string {
    const milli = Math.round(cores * 1000);
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes as Kubernetes writes them: the largest binary suffix that divides, else a whole byte count. */
export function formatMemory(bytes: number): string {
    const whole = Math.round(bytes);
    for (const [suffix, factor] of [['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
        if (whole >= factor && whole % factor === 0) {
            return `${whole / factor}${suffix}`;
        }
    }
    return whole % 1e6 === 0 && whole > 0 ? `${whole / 1e6}M` : String(whole);
}
