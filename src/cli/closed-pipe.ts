/**
 * `mlops validate big.mlops | head -1`: when the reader of stdout (or stderr)
 * goes away, writing fails with EPIPE, an 'error' event nobody handles, and
 * Node prints a stack trace. The reader has all it wanted, so the rest of the
 * output is dropped without a word; the command still finishes its work (an
 * `optimize --write` still writes) and exits with its usual code.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
    stream.on('error', (error: NodeJS.ErrnoException) => {
        // After EPIPE the stream is destroyed; later writes report ERR_STREAM_DESTROYED.
        if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
            return;
        }
        throw error;
    });
}
