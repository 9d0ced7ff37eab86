/**
 * A CronJob's schedule as a mean time between runs: the five fields of cron
 * (minute hour day-of-month month day-of-week, with `*`, lists, ranges and
 * steps, names of months and days) or a macro (@hourly ...). The runs of one
 * period of the schedule are counted: a day when no day field nor the month
 * is restricted, a week when only the day of week is, else a common year
 * (365 days, starting on a Monday); the mean interval is period / runs. Cron's day rule: when both day fields are restricted, a
 * day matches if either does. `regular` says whether the runs are evenly
 * spaced (then the interval is exact, not only a mean).
 */
export interface CronInterval {
    seconds: number;
    runsPerYear: number;
    regular: boolean;
}

const MACROS: Record<string, string> = {
    '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
    '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *'
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses one field into the set of values it allows; throws a RangeError naming the field. */
function field(text: string, name: string, min: number, max: number, names?: string[]): { values: Set<number>; star: boolean } {
    const values = new Set<number>();
    const value = (t: string): number => {
        const index = names ? names.indexOf(t.toLowerCase()) : -1;
        const n = index >= 0 ? index + (name === 'month' ? 1 : 0) : /^\d+$/.test(t) ? Number(t) : NaN;
        const v = name === 'day of week' && n === 7 ? 0 : n;
        if (!(v >= min && v <= max)) {
            throw new RangeError(`${name}: '${t}' is not in ${min}..${max}`);
        }
        return v;
    };
    for (const part of text.split(',')) {
        const [range, stepText] = part.split('/');
        const step = stepText === undefined ? 1 : Number(stepText);
        if (!(Number.isInteger(step) && step >= 1)) {
            throw new RangeError(`${name}: bad step in '${part}'`);
        }
        let lo: number;
        let hi: number;
        if (range === '*' || range === '?') {
            lo = min; hi = max;
        } else if (range.includes('-')) {
            const [a, b] = range.split('-');
            lo = value(a); hi = value(b);
        } else {
            lo = value(range); hi = stepText === undefined ? lo : max;
        }
        for (let v = lo; v <= hi; v += step) {
            values.add(name === 'day of week' && v === 7 ? 0 : v);
        }
    }
    return { values, star: text === '*' || text === '?' };
}

export function cronInterval(schedule: string): CronInterval {
    let text = schedule.trim();
    // CRON_TZ= / TZ= prefixes change the time zone, not the spacing.
    text = text.replace(/^(CRON_TZ|TZ)=\S+\s+/, '');
    text = MACROS[text.toLowerCase()] ?? text;
    const parts = text.split(/\s+/);
    if (parts.length !== 5) {
        throw new RangeError(`expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got '${schedule}'`);
    }
    const minutes = field(parts[0], 'minute', 0, 59);
    const hours = field(parts[1], 'hour', 0, 23);
    const dom = field(parts[2], 'day of month', 1, 31);
    const months = field(parts[3], 'month', 1, 12, MONTHS);
    const dow = field(parts[4], 'day of week', 0, 7, DAYS);
    // The period over which the schedule repeats: a day, a week, or (with days
    // of the month or months) a common year.
    const daily = dom.star && months.star && dow.star;
    const weekly = dom.star && months.star;
    const periodDays = daily ? 1 : weekly ? 7 : 365;
    const times: number[] = [];
    for (let d = 0; d < periodDays; d++) {
        let matches = true;
        if (!daily && weekly) {
            matches = dow.values.has(d);
        } else if (!daily) {
            let month = 1;
            let day = d + 1;
            while (day > DAYS_IN_MONTH[month - 1]) { day -= DAYS_IN_MONTH[month - 1]; month++; }
            const weekday = (d + 1) % 7; // day 0 of the year is a Monday
            const byDom = dom.values.has(day);
            const byDow = dow.values.has(weekday);
            matches = months.values.has(month) && (dom.star || dow.star ? byDom && byDow : byDom || byDow);
        }
        if (!matches) {
            continue;
        }
        for (const h of [...hours.values].sort((a, b) => a - b)) {
            for (const m of [...minutes.values].sort((a, b) => a - b)) {
                times.push(d * 1440 + h * 60 + m);
            }
        }
    }
    if (times.length === 0) {
        throw new RangeError(`'${schedule}' never runs`);
    }
    const periodMinutes = periodDays * 1440;
    const gaps = times.map((t, i) => (i + 1 < times.length ? times[i + 1] : times[0] + periodMinutes) - t);
    return { seconds: periodMinutes * 60 / times.length, runsPerYear: times.length * 365 / periodDays, regular: gaps.every(g => g === gaps[0]) };
}
