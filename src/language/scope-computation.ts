import { DefaultScopeComputation, type AstNodeDescription, type LangiumDocument } from 'langium';

/**
 * A .mlops file is one system: its names are visible inside it and nowhere
 * else, so two open files never link to each other's servers or steps.
 */
export class MlopsScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(_document: LangiumDocument): Promise<AstNodeDescription[]> {
        return [];
    }
}
