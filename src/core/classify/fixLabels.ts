/**
 * A short, translated label for every fix id: what the user reads on a button or in a list where the fix is
 * named (the report panel, the CLI). The labels live in the fix table (src/core/fix/specs.ts).
 */
import { FIX_SPECS } from '../fix/specs.ts';
import type { FixId } from './types.ts';

export function fixLabel(id: FixId): string {
  return FIX_SPECS[id].label();
}
