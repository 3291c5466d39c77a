// The few parts of the Frictionless Data library (datapackage 1.1, plain JavaScript) the tests use.
declare module 'datapackage' {
  export interface Resource {
    name: string;
    tabular: boolean;
    descriptor: Record<string, unknown>;
    read(options?: { keyed?: boolean; cast?: boolean; forceCast?: boolean; relations?: boolean }): Promise<Record<string, unknown>[]>;
    checkRelations(): Promise<boolean>;
  }
  export class Package {
    static load(descriptor: string | object, options?: { basePath?: string; strict?: boolean }): Promise<Package>;
    valid: boolean;
    errors: Error[];
    resources: Resource[];
    descriptor: Record<string, unknown>;
  }
}
