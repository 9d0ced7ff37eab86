/** Bad usage or an unreadable file: exit code 2, one line on stderr, no stack trace. */
export class UsageError extends Error {}
