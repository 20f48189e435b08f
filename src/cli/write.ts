import { appendFile, open, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Chalk, type ChalkInstance } from 'chalk';
import type { FunctionReport } from '../checks/function.js';
import type { SweepReport } from '../checks/sweep.js';
import type { TaylorReport } from '../checks/taylor.js';
import type { Verdict } from '../pipeline/decide.js';
import { csvChunks, tsvChunks } from '../render/delimited.js';
import { annotations } from '../render/github.js';
import { type HtmlSubject, renderHtml } from '../render/html/page.js';
import { checksJsonChunks, jsonChunks, toJson } from '../render/json.js';
import { renderJunit, suiteName } from '../render/junit.js';
import { renderMarkdown } from '../render/markdown.js';
import { inParallel } from '../render/parallel-lines.js';
import type { Report } from '../render/report.js';
import { renderSweep, renderSweepCsv } from '../render/sweep.js';
import { renderRulesVerdict, renderTable, renderVerdict } from '../render/table.js';
import { renderTaylor, renderTaylorCsv } from '../render/taylor.js';
import { EXIT, UsageError } from './errors.js';
import { type Io, Sink } from './output.js';
import type { CheckFlags, CommonFlags, Format } from './program.js';

/** The format asked for: --json is --format json. */
export function formatOf(flags: CommonFlags): Format {
  return flags.json ? 'json' : flags.format;
}

/** Color only for tables, only on a terminal, never with NO_COLOR or --no-color. */
function colorFor(flags: CommonFlags, format: Format, io: Io): ChalkInstance {
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const on = format === 'table' && flags.color && !noColorEnv && io.colorLevel > 0;
  return new Chalk({ level: on ? io.colorLevel : 0 });
}

/** The width a table fits: COLUMNS when set to a number (the user's say), else the terminal's; none in a pipe. */
function widthOf(io: Io): number | undefined {
  const set = Number(io.env.COLUMNS);
  if (Number.isInteger(set) && set > 0) return set;
  return io.columns;
}

/** Threads the lines of a large csv or JSON are written by (--jobs; auto: the machine's cores). */
const threadsOf = (jobs: number | 'auto') => (jobs === 'auto' ? availableParallelism() : jobs);

/** Any check report, in the chosen format; machine formats streamed. */
export async function writeReport(
  report: Report,
  format: Format,
  flags: CheckFlags,
  io: Io,
  out: Sink,
  before: string,
): Promise<void> {
  const lines = () => inParallel(threadsOf(flags.jobs));
  switch (format) {
    case 'table':
      if (flags.quiet) await out.write(renderVerdict(report, colorFor(flags, format, io), widthOf(io)));
      else
        await out.write(
          before +
            renderTable(report, colorFor(flags, format, io), flags.all, { width: widthOf(io), digits: flags.digits }),
        );
      break;
    case 'markdown':
      await out.write(
        flags.quiet
          ? renderVerdict(report, colorFor(flags, format, io))
          : before + renderMarkdown(report, flags.all, flags.digits),
      );
      break;
    case 'json':
      await out.writeAll(jsonChunks(report, lines()));
      break;
    case 'csv':
      await out.writeAll(csvChunks(report, flags.header, false, lines()));
      break;
    case 'tsv':
      await out.writeAll(tsvChunks(report, flags.header, false, lines()));
      break;
    case 'junit':
      await out.write(renderJunit([report]));
      break;
    case 'html':
      await out.write(renderHtml(report));
      break;
  }
}

/** A module's several rules: one report each, then the verdict over all; machine formats as one document. */
export async function writeReports(
  reports: readonly FunctionReport[],
  verdict: Verdict,
  path: string,
  flags: CheckFlags,
  io: Io,
  out: Sink,
): Promise<void> {
  const format = formatOf(flags);
  if (format === 'json') return out.writeAll(checksJsonChunks(reports, verdict, path));
  if (format === 'junit') return out.write(renderJunit(reports));
  if (format === 'html') return out.write(renderHtml(reports));
  if (format === 'csv' || format === 'tsv') {
    const chunks = format === 'csv' ? csvChunks : tsvChunks;
    for (const [i, r] of reports.entries()) await out.writeAll(chunks(r, flags.header && i === 0, true));
    return;
  }
  for (const [i, r] of reports.entries())
    await writeReport(r, format, flags, io, out, i === 0 || flags.quiet ? '' : '\n');
  await out.write(`\n${renderRulesVerdict(reports, verdict, path, colorFor(flags, format, io))}`);
}

/** A sweep's or a Taylor test's report, in the chosen format; the exit code its verdict's. */
export async function writeSeries(
  report: SweepReport | TaylorReport,
  flags: CommonFlags,
  io: Io,
  out: Sink,
): Promise<number> {
  const format = formatOf(flags);
  const taylor = report.kind === 'taylor';
  if (format === 'json') await out.write(toJson(report));
  else if (format === 'html') await out.write(renderHtml(report));
  else if (format === 'csv') await out.write(taylor ? renderTaylorCsv(report, true) : renderSweepCsv(report, true));
  else
    await out.write(
      taylor
        ? renderTaylor(report, colorFor(flags, format, io), widthOf(io))
        : renderSweep(report, colorFor(flags, format, io), widthOf(io)),
    );
  await writeHtmlFile(report, flags);
  return taylor ? EXIT[report.verdict] : EXIT.pass;
}

/** In GitHub Actions: a stderr annotation per check not passed, and the markdown report appended to the job summary. */
export async function publishToCi(reports: readonly Report[], io: Io): Promise<void> {
  if (io.env.GITHUB_ACTIONS === 'true') {
    const lines = annotations(reports);
    if (lines.length > 0) await new Sink(io.stderr).write(`${lines.join('\n')}\n`);
  }
  // A heading naming each check, so that several steps' summaries read apart.
  const section = (r: Report) =>
    `### ${suiteName(r)}: ${r.summary.verdict.toUpperCase()}\n\n${renderMarkdown(r, false)}`;
  if (io.env.GITHUB_STEP_SUMMARY)
    await appendSummary(io.env.GITHUB_STEP_SUMMARY, `${reports.map(section).join('\n')}\n`);
}

async function appendSummary(path: string, text: string): Promise<void> {
  try {
    await appendFile(path, text);
  } catch (e) {
    throw new UsageError(`GITHUB_STEP_SUMMARY '${path}' cannot be written: ${whyNot(e)}.`);
  }
}

/** A job summary that cannot be written is refused before the check runs: nothing on stdout. */
export async function stepSummaryWritable(io: Io): Promise<void> {
  if (io.env.GITHUB_STEP_SUMMARY) await appendSummary(io.env.GITHUB_STEP_SUMMARY, '');
}

/**
 * --report-html: refused before the check (nothing on stdout) where the page cannot be written, found by opening the
 * file as the write will (a new one is made and removed again), or where it would overwrite the module, the input
 * or the config it runs.
 */
export async function htmlWritable(flags: { reportHtml?: string; module?: string; input?: string; config?: string }) {
  const path = flags.reportHtml;
  if (path === undefined) return;
  const refused = (why: string) => htmlRefused(path, why);
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) throw refused('is a folder');
  if (found) {
    const same = await realpath(path);
    for (const key of ['module', 'input', 'config'] as const) {
      const other = flags[key];
      if (other && (await realpath(other).catch(() => undefined)) === same)
        throw refused(`is the --${key} file, which the page would overwrite`);
    }
  }
  try {
    await (await open(path, found ? 'r+' : 'wx')).close();
    if (!found) await unlink(path);
  } catch (e) {
    throw refused(`cannot be written (${whyNot(e)})`);
  }
}

/** --report-html: the page of the report written to its file, beside whatever --format printed. */
export async function writeHtmlFile(subject: HtmlSubject, flags: { reportHtml?: string }): Promise<void> {
  if (flags.reportHtml === undefined) return;
  try {
    await writeFile(flags.reportHtml, renderHtml(subject));
  } catch (e) {
    throw htmlRefused(flags.reportHtml, `cannot be written (${whyNot(e)})`);
  }
}

/** A file's error in one word where the system has one (ENOENT), else its message. */
const whyNot = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

const htmlRefused = (path: string, why: string) =>
  new UsageError(`--report-html ${path}: ${why}; give the path of a file to write (its folder must exist).`);
