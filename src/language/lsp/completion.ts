import { DefaultCompletionProvider } from 'langium/lsp';
import type { MlopsServices } from '../mlops-module.js';

export class MlopsCompletionProvider extends DefaultCompletionProvider {
    constructor(services: MlopsServices) {
        super(services);
    }
}
