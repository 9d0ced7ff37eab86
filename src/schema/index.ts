/**
 * The JSON formats of the project, defined once (docs/schema/README.md):
 * `simulate --json`, `optimize --json`, `validate --format json`, the
 * optimization result of the results view and report, and the messages
 * between the extension host and the results view. From these schemas come
 * the TypeScript types (agreement.ts proves the hand-written result types of
 * src/sim and src/opt equal them), the runtime checks (check.ts) and the
 * published JSON Schema files (scripts/schema.ts writes docs/schema/).
 */
import type { TSchema } from '@sinclair/typebox';
import { OptimizationResultSchema, OptimizeJson } from './optimize.js';
import { HostMessageSchema, ViewMessageSchema } from './protocol.js';
import { SimulateJson } from './simulate.js';
import { ValidateJson } from './validate.js';

export { parseWith, type Parsed } from './check.js';
export { OptimizationResultSchema, OptimizeJson } from './optimize.js';
export { HostMessages, ViewMessages, type HostMessage, type ViewMessage } from './protocol.js';
export { SimulateJson } from './simulate.js';
export { ValidateJson, type DiagnosticJson } from './validate.js';

/** The files of docs/schema/, each with its title. */
export const PUBLISHED: readonly { file: string; title: string; schema: TSchema }[] = [
    { file: 'simulate.schema.json', title: 'mlops simulate --json', schema: SimulateJson },
    { file: 'optimize.schema.json', title: 'mlops optimize --json', schema: OptimizeJson },
    { file: 'validate.schema.json', title: 'mlops validate --format json', schema: ValidateJson },
    { file: 'optimization-result.schema.json', title: 'The optimization result of the results view, its saved state and the HTML report', schema: OptimizationResultSchema },
    { file: 'host-message.schema.json', title: 'A message from the extension host to the results view', schema: HostMessageSchema },
    { file: 'view-message.schema.json', title: 'A message from the results view to the extension host', schema: ViewMessageSchema }
];
