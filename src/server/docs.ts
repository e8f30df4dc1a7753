/** Where each category's documentation page lives (the diagnostics' codeDescription and the CLI's help). */
import type { Category } from '../core/categories.ts';

export const REPOSITORY_URL = 'https://github.com/gomod-doctor/gomod-doctor';

export function docsUrl(category: Category): string {
  return `${REPOSITORY_URL}/blob/main/docs/categories/${category}.md`;
}
