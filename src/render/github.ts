import { summaryLines } from './describe.js';
import type { Report } from './report.js';

/** A workflow command's message: %, CR and LF escaped as GitHub reads them. */
const data = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
/** A workflow command's property value: also ':' and ','. */
const property = (text: string) => data(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

/**
 * GitHub Actions `::error` lines, one per failing or inconclusive parameter (else per report), at the module file
 * if any. Both verdicts fail the job (exit 1 and 4), so both are errors.
 */
export function annotations(reports: readonly Report[]): string[] {
  return reports.flatMap((report) => {
    const s = report.summary;
    if (s.verdict === 'pass') return [];
    const c = report.config;
    const file = c.model === 'module' && c.module ? `file=${property(c.module)},` : '';
    const what =
      c.model === 'module'
        ? `${'rule' in c ? c.rule : 'gradient'} of ${c.module ?? 'the function'}`
        : `${c.model} model`;
    const title = (verdict: string, name?: string) =>
      `title=${property(`gradcheck ${verdict.toUpperCase()}: ${name ? `${name} in ` : ''}${what}`)}`;
    const failing = s.parameters?.filter((p) => p.verdict !== 'pass') ?? [];
    if (failing.length > 0)
      return failing.map((p) => {
        const why = p.diagnosis ? `${p.diagnosis.code} — ${p.diagnosis.message ?? ''}` : summaryLines(report).verdict;
        return (
          `::error ${file}${title(p.verdict, p.name)}::` +
          `${data(`${p.name}: ${p.failed} of ${p.checked} entries outside tolerance. ${why}`)}`
        );
      });
    const { verdict, details } = summaryLines(report);
    const why = details.filter((d) => d.startsWith('diagnosis:') || d.startsWith('inconclusive:'));
    return [`::error ${file}${title(s.verdict)}::${data([verdict, ...why].join('\n'))}`];
  });
}

/** An `::error` line for a check that could not run (exit 2 or 3), at the file it names when it names one. */
export function errorAnnotation(message: string, file?: string): string {
  const at = file ? `file=${property(file)},` : '';
  return `::error ${at}title=${property('gradcheck could not run the check')}::${data(message)}`;
}
