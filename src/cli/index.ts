import { realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type Command, CommanderError } from 'commander';
import { errorAnnotation } from '../render/github.js';
import { renderJunitError } from '../render/junit.js';
import { applyConfig, type FoundConfig, findConfig, printedConfig } from './config.js';
import { EXIT, GradcheckError, UsageError } from './errors.js';
import type { HelpLayout } from './help.js';
import { type Io, Sink } from './output.js';
import { buildProgram, type CommonFlags } from './program.js';
import { runCheck } from './run-check.js';
import { runSweep, runTaylor } from './run-series.js';

/** A flag given twice is a mistake (which one was meant?), not a silent "last one wins". */
function refuseRepeats(cmd: Command): void {
  const seen = new Set<string>();
  for (const option of cmd.options) {
    const name = option.name();
    const event = `option:${name}`;
    cmd.on(event, () => {
      if (seen.has(name)) throw new UsageError(`option '${option.flags}' is given more than once; give it once.`);
      seen.add(name);
    });
  }
}

/** An option another command takes (`gradcheck sweep --bug sign`): say where it works, not commander's guess. */
function elsewhere(message: string, cmd: Command, program: Command): string | undefined {
  const flag = /unknown option '([^']+)'/.exec(message)?.[1];
  if (!flag) return undefined;
  const name = (c: Command) => (c === program ? 'the check (gradcheck)' : `gradcheck ${c.name()}`);
  const owners = [program, ...program.commands].filter(
    (c) => c !== cmd && c.options.some((o) => o.long === flag || o.short === flag),
  );
  if (owners.length === 0) return undefined;
  return `error: option '${flag}' works with ${owners.map(name).join(' and ')}, not with ${name(cmd)}.`;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/**
 * Runs gradcheck and returns its exit code; it never exits the process and never throws. Usage errors are one line
 * on stderr (exit 2), anything unexpected an internal error (exit 3, its stack with --debug).
 */
export async function execute(argv: readonly string[], io: Io): Promise<number> {
  const out = new Sink(io.stdout);
  const err = new Sink(io.stderr);
  let code: number = EXIT.pass;
  let found: FoundConfig | null = null;
  /** --print-config: the merged options instead of the command's work. */
  const printing = async (flags: CommonFlags, cmd: Command) => {
    if (flags.printConfig) await out.write(printedConfig(cmd, found));
    return flags.printConfig === true;
  };
  const program = buildProgram(
    {
      check: async (flags, cmd) => {
        if (!(await printing(flags, cmd))) code = await runCheck(flags, cmd, io, out);
      },
      sweep: async (flags, cmd) => {
        if (!(await printing(flags, cmd))) code = await runSweep(flags, cmd, io, out);
      },
      taylor: async (flags, cmd) => {
        if (!(await printing(flags, cmd))) code = await runTaylor(flags, cmd, io, out);
      },
    },
    helpLayout(io),
  );
  // A config file's options fill in what the command line left at its defaults, before the action reads them.
  program.hook('preAction', async (_program, action) => {
    found = await findConfig(io.cwd ?? process.cwd(), action.opts().config as string | undefined, io.importFile);
    if (found) applyConfig(action, [program, ...program.commands], found);
  });
  for (const cmd of [program, ...program.commands]) {
    refuseRepeats(cmd);
    cmd.exitOverride().configureOutput({
      writeOut: (s) => void out.write(s),
      writeErr: (s) => void err.write(s),
      outputError: (s, write) => write(`gradcheck: ${oneLine(elsewhere(s, cmd, program) ?? s)}\n`),
    });
  }
  try {
    // `gradcheck help <name>` of a command there is not: say so (commander would print the help, exit 2, silently).
    if (argv[0] === 'help' && argv[1] !== undefined && !program.commands.some((c) => c.name() === argv[1]))
      throw new UsageError(`unknown command '${argv[1]}'. Expected help sweep or help taylor (see gradcheck --help).`);
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version "fail" with exit code 0; real parse errors were already printed.
      if (e.exitCode === 0) return EXIT.pass;
      await reportForCi(argv, io, out, 'usage', oneLine(e.message.replace(/^error: /, '')));
      return EXIT.usage;
    }
    const debug = argv.includes('--debug');
    if (e instanceof GradcheckError) {
      await err.write(`gradcheck: error: ${oneLine(e.message)}\n`);
      // A module's own error: its stack, on request.
      if (debug && e.cause instanceof Error && e.cause.stack) await err.write(`${e.cause.stack}\n`);
      await reportForCi(argv, io, out, e.exitCode === EXIT.internal ? 'internal' : 'usage', oneLine(e.message));
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    await err.write(
      debug && e instanceof Error && e.stack
        ? `gradcheck: internal error: ${e.stack}\n`
        : `gradcheck: internal error: ${oneLine(message)} (run with --debug for the stack trace)\n`,
    );
    await reportForCi(argv, io, out, 'internal', oneLine(message));
    return EXIT.internal;
  }
}

/** Help fits the terminal (COLUMNS, else its width, else 80), and names the shipped examples where they are. */
function helpLayout(io: Io): HelpLayout {
  const set = Number(io.env.COLUMNS);
  const width = Number.isInteger(set) && set > 0 ? set : (io.columns ?? 80);
  let examples = 'examples';
  try {
    // bin/gradcheck.js, through node_modules/.bin's link: the package's own examples/ beside it.
    const bin = realpathSync(process.argv[1] ?? '');
    examples = relative(io.cwd ?? process.cwd(), join(dirname(bin), '..', 'examples')) || 'examples';
  } catch {}
  return { width: Math.max(40, width), examples };
}

/** A flag's value as typed (`--format junit` or `--format=junit`), before commander has parsed anything. */
function typed(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/**
 * A check that could not run, for CI: under --format junit a JUnit document with one errored case (CI would
 * otherwise find no test results), and in GitHub Actions an ::error annotation at the module or config it names.
 */
async function reportForCi(argv: readonly string[], io: Io, out: Sink, kind: 'usage' | 'internal', message: string) {
  if (typed(argv, '--format') === 'junit') await out.write(renderJunitError(kind, message));
  if (io.env.GITHUB_ACTIONS === 'true')
    await new Sink(io.stderr).write(
      `${errorAnnotation(message, typed(argv, '--module') ?? typed(argv, '--config') ?? typed(argv, '--input'))}\n`,
    );
}

export type { Io };
