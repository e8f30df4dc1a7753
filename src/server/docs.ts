/** Where each category's documentation page lives: kept in src/core/docs.ts (the CLI uses it too). */
export { docsUrl, REPOSITORY_URL } from '../core/docs.ts';
