/** Where each category's documentation page lives (diagnostics' codeDescription, SARIF helpUri, CLI help). */
import type { Category } from './categories.ts';

export const REPOSITORY_URL = 'https://github.com/gomod-doctor/gomod-doctor';

export function docsUrl(category: Category): string {
  return `${REPOSITORY_URL}/blob/main/docs/categories/${category}.md`;
}
