import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';

/**
 * A cli-table3 table without row separators. cli-table3 colors its head and borders
 * by itself, even into a pipe: here we color the head, or nobody does.
 */
export function grid(head: string[], colAligns: ('left' | 'right')[], color: ChalkInstance): Table.Table {
  return new Table({
    head: head.map((h) => color.bold(h)),
    colAligns,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}
