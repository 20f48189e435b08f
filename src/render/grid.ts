import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';

/** A cli-table3 table without row separators or its own colors (it colors even into a pipe): we color the head. */
export function grid(head: string[], colAligns: ('left' | 'right')[], color: ChalkInstance): Table.Table {
  return new Table({
    head: head.map((h) => color.bold(h)),
    colAligns,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}
