import type { SweepReport } from '../../checks/sweep.js';
import type { TaylorReport } from '../../checks/taylor.js';
import { combinedVerdict, type Verdict } from '../../pipeline/decide.js';
import { modelFormula } from '../describe.js';
import { toJson } from '../layout.js';
import { isFunctionReport, type Report } from '../report.js';
import { rulesVerdictLine } from '../table.js';
import { checkSections } from './check.js';
import { escaped } from './markup.js';
import { sweepSections, taylorSections } from './series.js';
import { STYLE } from './style.js';

/** What a page can show: a check's report, several (a module's rules), a sweep or a Taylor test. */
export type HtmlSubject = Report | readonly Report[] | SweepReport | TaylorReport;

/** Nothing loads from anywhere: no script runs, no request leaves (styles and SVG are inline). */
const POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * One self-contained page of a report: inline CSS and SVG, no script, no network, readable from file://, in dark
 * mode and printed. The verdict and its reasons in the terminal's words; the numbers in text beside every picture.
 */
export function renderHtml(subject: HtmlSubject): string {
  assertSubject(subject);
  const { title, verdict, body } = pageOf(subject);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escaped(title)}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body data-verdict="${verdict ?? ''}"><main>`,
    `<header><h1>gradcheck: ${escaped(title)}</h1></header>`,
    body,
    configFooter(subject),
    '</main></body></html>',
    '',
  ].join('\n');
}

const KINDS = ['check', 'sweep', 'taylor'];
const isReport = (x: unknown): boolean => {
  const r = x as { kind?: unknown; config?: unknown } | null;
  return typeof r === 'object' && r !== null && KINDS.includes(r.kind as string) && typeof r.config === 'object';
};

/** A caller's mistake named: the library is called from untyped code too. */
function assertSubject(subject: unknown): asserts subject is HtmlSubject {
  const ok = Array.isArray(subject)
    ? subject.length > 0 && subject.every((r) => isReport(r) && (r as Report).kind === 'check')
    : isReport(subject);
  if (ok) return;
  const got = Array.isArray(subject)
    ? `an array of ${subject.length}${subject.length ? ' not all check reports' : ''}`
    : subject !== null && typeof subject === 'object'
      ? `an object with ${Object.keys(subject).slice(0, 5).join(', ') || 'no keys'}`
      : String(subject);
  const hint = subject !== null && typeof subject === 'object' && 'report' in subject ? "; pass its 'report'" : '';
  throw new TypeError(
    `renderHtml: expected a report (checkGradient's, checkModel's 'report', a sweep's or a Taylor test's) ` +
      `or a non-empty array of check reports, not ${got}${hint}`,
  );
}

const ruleOf = (r: Report) => (isFunctionReport(r) ? r.config.rule : 'gradient');

function pageOf(subject: HtmlSubject): { title: string; verdict?: Verdict; body: string } {
  if (isReports(subject)) {
    const verdict = combinedVerdict(subject.map((r) => r.summary.verdict));
    const first = subject[0];
    const source = isFunctionReport(first) ? (first.config.module ?? 'the function') : 'the model';
    const line = rulesVerdictLine(subject, verdict, source);
    // The colour key once, in the first rule's maps, unless a rule's tolerance (and so its words) differs.
    const keyed = (r: Report, k: number) => k === 0 || r.config.tolerance !== subject[0].config.tolerance;
    const sections = subject.map((r, k) => checkSections(r, `rule: ${ruleOf(r)}`, keyed(r, k)));
    return {
      title: `${verdict.toUpperCase()}, ${subject.length} rules of ${source}`,
      verdict,
      body: `<section class="verdict ${verdict}"><h2>${escaped(line)}</h2></section>\n${sections.join('\n')}`,
    };
  }
  if (subject.kind === 'sweep') return { title: 'sweep of the error against the step', body: sweepSections(subject) };
  if (subject.kind === 'taylor')
    return {
      title: `Taylor test, ${subject.verdict.toUpperCase()}`,
      verdict: subject.verdict,
      body: taylorSections(subject),
    };
  const c = subject.config;
  const what = c.model === 'module' ? (c.module ?? 'a function') : modelFormula(c.model, c.hidden);
  return {
    title: `${subject.summary.verdict.toUpperCase()}, ${what}`,
    verdict: subject.summary.verdict,
    body: checkSections(subject),
  };
}

const isReports = (s: HtmlSubject): s is readonly Report[] => Array.isArray(s);

/** The settings and the tool that made the report, to run it again. */
function configFooter(subject: HtmlSubject): string {
  const reports = isReports(subject) ? subject : [subject];
  const config = reports.map((r) => r.config);
  const tool = reports[0]?.tool;
  return (
    '<section class="settings"><h2>Settings</h2>' +
    `<pre>${escaped(toJson(config.length === 1 ? config[0] : config))}</pre>` +
    `<p class="muted">${escaped(tool ? `${tool.name} ${tool.version}` : '')}</p></section>`
  );
}
