/**
 * A defect in a file the platform commands read (YAML, JSON, CSV): where it
 * is (file, 1-based line and column, the field) and what is wrong. The CLI
 * prints it as `FILE:LINE:COL: error: FIELD: message` and writes nothing.
 */
export class InputError extends Error {
    constructor(
        readonly file: string,
        readonly line: number,
        readonly column: number,
        /** The field as a path (`spec.replicas`, `items[3].metadata.name`) or a column name; '' when none. */
        readonly field: string,
        message: string
    ) {
        super(message);
    }

    /** `FILE:LINE:COL: error: FIELD: message`. */
    format(): string {
        return `${this.file}:${this.line}:${this.column}: error: ${this.field ? `${this.field}: ` : ''}${this.message}`;
    }
}
