import { tableOf } from '../checks/report.js';
import type { Verdict } from '../pipeline/decide.js';
import { entryLabel, groupedBy } from '../pipeline/entry.js';
import type { EntryTable } from '../pipeline/table.js';
import { worstEntries } from '../pipeline/table.js';
import { summaryLines } from './describe.js';
import { brief, shortest } from './format.js';
import type { Report } from './report.js';

/** How many of a failing group's worst entries its failure lists. */
const SHOWN = 10;

const escaped = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids them (tab and newline are allowed).
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** A report's entries grouped by parameter (or the one direction), each group a table of its own. */
function groups(report: Report): { name: string; entries: EntryTable }[] {
  const table = tableOf(report);
  const by = groupedBy(table.rows(), (i) => table.paramName(i));
  return [...by].map(([name, mine]) => ({ name, entries: table.select(mine) }));
}

/** A group's verdict: its own summary's when the report has one per parameter, else the report's. */
function verdictOf(report: Report, name: string): Verdict {
  const own = report.summary.parameters?.find((p) => p.name === name);
  return own?.verdict ?? report.summary.verdict;
}

function failureBody(report: Report, entries: EntryTable): string {
  const worst = worstEntries(entries, report.config, SHOWN).filter((e) => !e.pass);
  const rows = worst.map(
    (e) =>
      `${entryLabel(e)}  analytic ${shortest(e.analytic)}  ` +
      `numeric ${shortest(e.numeric)}  |a − n| ${brief(e.absError)}`,
  );
  const { verdict, details } = summaryLines(report);
  const failing = entries.rows((i) => !entries.pass(i)).length;
  return [...rows, ...(worst.length < failing ? ['…'] : []), verdict, ...details].join('\n');
}

/** One <testsuite> for one report: a <testcase> per parameter, failing or inconclusive ones with a <failure>. */
function testsuite(report: Report, suiteName: string): string {
  const cases = groups(report).map(({ name, entries }) => {
    const verdict = verdictOf(report, name);
    const head = `<testcase classname="${escaped(suiteName)}" name="${escaped(name)}" assertions="${entries.length}">`;
    if (verdict === 'pass') return `    ${head}</testcase>`;
    const s = report.summary.parameters?.find((p) => p.name === name) ?? report.summary;
    const why =
      verdict === 'fail'
        ? `${s.failed} of ${s.checked} entries outside tolerance` +
          `${s.diagnosis ? `: ${s.diagnosis.code} — ${s.diagnosis.message ?? ''}` : ''}`
        : `inconclusive: ` +
          `${report.summary.inconclusive?.message ?? 'no entry could tell a right gradient from a wrong one'}`;
    // An inconclusive check is not a pass (exit 4): a failure of its own type, so that CI shows it.
    return (
      `    ${head}\n` +
      `      <failure type="${verdict}" message="${escaped(why)}">` +
      `${escaped(failureBody(report, entries))}</failure>\n    </testcase>`
    );
  });
  const failures = cases.filter((c) => c.includes('<failure')).length;
  return (
    `  <testsuite name="${escaped(suiteName)}" tests="${cases.length}" ` +
    `failures="${failures}" errors="0" skipped="0">\n` +
    `${cases.join('\n')}\n  </testsuite>`
  );
}

/** What a report is called in JUnit (and a job summary's heading): the module and its rule, or the model. */
export function suiteName(report: Report): string {
  const c = report.config;
  if (c.model === 'module') return `gradcheck ${'rule' in c ? c.rule : 'gradient'} of ${c.module ?? 'the function'}`;
  return `gradcheck ${c.model}${'hidden' in c && c.hidden ? ` hidden ${c.hidden}` : ''}`;
}

/** JUnit XML: a <testsuite> per report (a module's rules), a <testcase> per checked parameter. */
export function renderJunit(reports: readonly Report[]): string {
  const suites = reports.map((r) => testsuite(r, suiteName(r)));
  const tests = suites.reduce((n, s) => n + (s.match(/<testcase /g)?.length ?? 0), 0);
  const failures = suites.reduce((n, s) => n + (s.match(/<failure /g)?.length ?? 0), 0);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="gradcheck" tests="${tests}" failures="${failures}" errors="0">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}

/**
 * JUnit XML for a check that could not run (exit 2 or 3): one errored test case carrying the message, so that CI
 * shows why instead of "no test results".
 */
export function renderJunitError(kind: 'usage' | 'internal', message: string): string {
  const name = kind === 'usage' ? 'gradcheck: usage or input error' : 'gradcheck: internal error';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="gradcheck" tests="1" failures="0" errors="1">\n` +
    `  <testsuite name="gradcheck" tests="1" failures="0" errors="1" skipped="0">\n` +
    `    <testcase classname="gradcheck" name="${escaped(name)}" assertions="0">\n` +
    `      <error type="${kind}" message="${escaped(message)}">${escaped(message)}</error>\n` +
    `    </testcase>\n  </testsuite>\n</testsuites>\n`
  );
}
