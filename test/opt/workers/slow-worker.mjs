// A worker that answers nothing for 60 s: cancellation must not wait for it.
import { parentPort } from 'node:worker_threads';
parentPort.on('message', () => { setTimeout(() => {}, 60_000); });
