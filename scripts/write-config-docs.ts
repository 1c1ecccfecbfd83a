import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_DOC, withGeneratedTables } from '../config/settings-docs';

/** `npm run config:docs`: rewrites the settings tables of docs/configuration.md from config/settings/. */
const target = join(__dirname, '..', '..', CONFIGURATION_DOC);
writeFileSync(target, withGeneratedTables(readFileSync(target, 'utf8')));
console.log(`wrote ${target}`);
