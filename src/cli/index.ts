import { Chalk } from 'chalk';
import { CommanderError } from 'commander';
import { renderTable } from '../report/table.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderCsv, renderTsv } from '../report/delimited.js';
import { renderJson } from '../report/json.js';
import { renderInputs } from '../report/inputs.js';
import { MAX_MT19937_SEED, isMt19937, mt19937Seed } from '../problem/random.js';
import { checkModel } from '../run.js';
import { EXIT, GradcheckError, UsageError } from './errors.js';
import { Sink } from './output.js';
import { type CheckFlags, type Format, MAX_ELEMENTS, buildProgram } from './program.js';

/** Where the command reads and writes: the real process, or a test's buffers. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** The color level stdout supports when it is a terminal (chalk's level); 0 when it is not. */
  colorLevel: 0 | 1 | 2 | 3;
}

/** One line, whatever commander or an error message made of it. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

function resolveFormat(flags: CheckFlags): Format {
  return flags.json ? 'json' : flags.format;
}

/** Cross-flag rules commander cannot express; each names the flags and what is accepted. */
function validate(flags: CheckFlags, format: Format): void {
  const elements = flags.n * flags.d + flags.d * flags.C + flags.n * flags.C;
  if (elements > MAX_ELEMENTS) {
    throw new UsageError(`-n ${flags.n} -d ${flags.d} -C ${flags.C} make ${elements} entries of X, W and T; at most ${MAX_ELEMENTS} are accepted.`);
  }
  if (isMt19937(flags.rng) && mt19937Seed(flags.seed) === undefined) {
    throw new UsageError(`option '--seed <seed>' argument '${flags.seed}' is invalid with --rng ${flags.rng}. Expected an integer from 0 to ${MAX_MT19937_SEED}.`);
  }
  if (flags.showInputs && format !== 'table' && format !== 'markdown') {
    throw new UsageError(`option '--show-inputs' works with --format table or markdown, not ${format} (JSON always carries the inputs).`);
  }
  if (!flags.header && format !== 'csv' && format !== 'tsv') {
    throw new UsageError(`option '--no-header' works with --format csv or tsv, not ${format}.`);
  }
}

function colorOn(flags: CheckFlags, format: Format, io: Io): boolean {
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return format === 'table' && flags.color && !noColorEnv && io.colorLevel > 0;
}

async function runCheck(flags: CheckFlags, io: Io, out: Sink): Promise<number> {
  const format = resolveFormat(flags);
  validate(flags, format);
  const check = checkModel({
    n: flags.n, d: flags.d, C: flags.C, domain: flags.domain, seed: flags.seed, rng: flags.rng,
    model: flags.model, dtype: flags.dtype, scheme: flags.scheme, numeric: flags.numeric,
    eps: flags.eps, atol: flags.atol, rtol: flags.rtol,
  });
  const { report } = check;
  const color = new Chalk({ level: colorOn(flags, format, io) ? io.colorLevel : 0 });
  const inputs = flags.showInputs ? renderInputs({ ...check.problem, Z: check.Z, Y: check.Y }, flags.model, check.losses) : '';
  switch (format) {
    case 'table': await out.write(inputs + renderTable(report, color)); break;
    case 'markdown': await out.write(inputs + renderMarkdown(report)); break;
    case 'json': await out.write(renderJson(report)); break;
    case 'csv': await out.write(renderCsv(report, flags.header)); break;
    case 'tsv': await out.write(renderTsv(report, flags.header)); break;
  }
  return report.summary.pass ? EXIT.pass : EXIT.fail;
}

/**
 * Runs gradcheck with the given arguments and returns its exit code. It never exits
 * the process and never throws: usage errors are one line on stderr (exit 2), anything
 * unexpected is an internal error (exit 3, the stack only with --debug).
 */
export async function execute(argv: readonly string[], io: Io): Promise<number> {
  const out = new Sink(io.stdout);
  const err = new Sink(io.stderr);
  let code: number = EXIT.pass;
  const program = buildProgram()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void out.write(s),
      writeErr: (s) => void err.write(s),
      outputError: (s, write) => write(`gradcheck: ${oneLine(s)}\n`),
    })
    .action(async (flags: CheckFlags) => {
      code = await runCheck(flags, io, out);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version "fail" with exit code 0; real parse errors were already printed.
      return e.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    if (e instanceof GradcheckError) {
      await err.write(`gradcheck: error: ${oneLine(e.message)}\n`);
      return e.exitCode;
    }
    const debug = argv.includes('--debug');
    const message = e instanceof Error ? e.message : String(e);
    await err.write(debug && e instanceof Error && e.stack
      ? `gradcheck: internal error: ${e.stack}\n`
      : `gradcheck: internal error: ${oneLine(message)} (run with --debug for the stack trace)\n`);
    return EXIT.internal;
  }
}
