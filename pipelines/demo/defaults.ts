// The demo's default options, apart from the generator so that the command's help can name them
// without loading it.
import type { DemoOptions } from './context.ts';

export const DEFAULT_OPTIONS: DemoOptions = { departement: '41', scale: 1, seed: 41, fin: '2025-12' };
