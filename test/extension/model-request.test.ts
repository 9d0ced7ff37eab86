import { readFileSync } from 'node:fs';
import { EmptyFileSystem, URI } from 'langium';
import { beforeEach, describe, expect, test } from 'vitest';
import { createMlopsServices } from '../../src/language/mlops-module.js';
import { createModelRequestHandler } from '../../src/language/model-request.js';

const retail = readFileSync('examples/retail.mlops', 'utf8');

describe('mlops/model request handler', () => {
    let services: ReturnType<typeof createMlopsServices>;
    let handle: ReturnType<typeof createModelRequestHandler>;

    beforeEach(() => {
        services = createMlopsServices(EmptyFileSystem);
        handle = createModelRequestHandler(services.shared, services.Mlops);
    });

    function open(uri: string, text: string, build = true): Promise<void> | void {
        const documents = services.shared.workspace.LangiumDocuments;
        if (documents.hasDocument(URI.parse(uri))) {
            documents.deleteDocument(URI.parse(uri));
        }
        const doc = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(uri));
        documents.addDocument(doc);
        return build ? services.shared.workspace.DocumentBuilder.build([doc], { validation: true }) : undefined;
    }

    test('returns the model of a valid document', async () => {
        await open('file:///w/retail.mlops', retail);
        const response = await handle({ uri: 'file:///w/retail.mlops' });
        expect(response.kind).toBe('model');
        if (response.kind === 'model') {
            expect(response.model.system).toBe('retail');
            const declared = [...retail.matchAll(/^component\s+([A-Za-z_][\w-]*)/gm)].map(m => m[1]);
            expect(declared.length).toBeGreaterThan(1);
            expect(response.model.components.map(c => c.name)).toEqual(declared);
            // plain data: survives JSON (the LSP transport)
            expect(JSON.parse(JSON.stringify(response.model))).toEqual(response.model);
        }
    });

    test('returns the errors with 0-based positions and codes instead of a model', async () => {
        const broken = retail.replace('runs on trainer\n', 'runs on trainr\n');
        await open('file:///w/broken.mlops', broken);
        const response = await handle({ uri: 'file:///w/broken.mlops' });
        expect(response.kind).toBe('errors');
        if (response.kind === 'errors') {
            const lines = broken.split('\n');
            const at = lines.findIndex(l => l.includes('runs on trainr'));
            const error = response.errors.find(e => e.line === at);
            expect(error, JSON.stringify(response.errors)).toBeDefined();
            expect(error!.character).toBe(lines[at].indexOf('trainr'));
            expect(error!.message).toMatch(/trainr/);
            expect(error!.code).not.toBe('unknown');
        }
    });

    test('sees text that has not been built yet (unsaved edits)', async () => {
        await open('file:///w/edit.mlops', retail);
        // the editor replaced the text; the update is not built yet
        open('file:///w/edit.mlops', retail.replace('system retail', 'system edited'), false);
        const response = await handle({ uri: 'file:///w/edit.mlops' });
        expect(response.kind === 'model' && response.model.system).toBe('edited');
    });

    test('reports an unknown document and a malformed request as errors', async () => {
        const unknown = await handle({ uri: 'file:///nowhere.mlops' });
        expect(unknown).toMatchObject({ kind: 'errors', errors: [{ code: 'unknown-document' }] });
        const bad = await handle({} as { uri: string });
        expect(bad).toMatchObject({ kind: 'errors', errors: [{ code: 'bad-request' }] });
    });
});
