/**
 * A signal that aborts with `parent`, for passing to many concurrent
 * requests at once: each request adds an abort listener, and Node warns
 * (MaxListenersExceededWarning, on the user's terminal) past 10 listeners
 * on one signal. The linked signal is ours, so its limit can be lifted.
 */
import { setMaxListeners } from 'node:events';

export function linkedSignal(parent: AbortSignal): { signal: AbortSignal; dispose: () => void } {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    const onAbort = () => controller.abort();
    if (parent.aborted) {
        controller.abort();
    } else {
        parent.addEventListener('abort', onAbort, { once: true });
    }
    return { signal: controller.signal, dispose: () => parent.removeEventListener('abort', onAbort) };
}
