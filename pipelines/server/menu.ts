// The dashboard's menu (components/menu.json, which the dashboard's header reads too): the server's
// pages draw the same header, and point to the dashboard's pages by it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';

export interface MenuPage { titre: string; page: string | null }

export const MENU = JSON.parse(readFileSync(path.join(projectRoot, 'components', 'menu.json'), 'utf8')) as { avant: MenuPage[]; themes: Record<string, MenuPage>; apres: MenuPage[] };
