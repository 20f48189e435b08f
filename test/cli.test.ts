import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { execute } from '../src/cli/index.js';
import { BIN, NOTEBOOK_FLOAT32, ROOT, runCli, runInProcess } from './helpers.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: an escape code is exactly what these tests look for.
const ANSI = /\u001b\[/;

describe('exit codes', () => {
  it('0 when every entry passes, with the summary saying so', () => {
    const r = runCli(['--model', 'sigmoid', '--eps', '1e-4']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /PASS {2}6\/6 entries within tolerance/);
    assert.equal(r.stderr, '');
  });

  it('1 when an entry fails beyond doubt: a gradient with the wrong sign', () => {
    const r = runCli(['--bug', 'sign', '--json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.pass, false);
    assert.equal(report.summary.verdict, 'fail');
    assert.ok(report.summary.failed > 0);
  });

  it('4 when the check proves nothing: a step of 0.5 with zero tolerance fails every entry, by truncation alone', () => {
    const r = runCli(['--eps', '0.5', '--atol', '0', '--rtol', '0', '--tolerance', 'allclose', '--json']);
    assert.equal(r.code, 4);
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.pass, false);
    assert.equal(report.summary.verdict, 'inconclusive');
    assert.equal(report.summary.inconclusive.reason, 'truncation');
  });

  it('what is printed agrees with the exit code: the verdict word of -q (table and markdown) and of the last line', () => {
    const EXIT: Record<string, number> = { PASS: 0, FAIL: 1, INCONCLUSIVE: 4 };
    const float32 = [...NOTEBOOK_FLOAT32, '--model', 'sigmoid'];
    for (const args of [
      float32,
      [...float32, '--bug', 'sign'],
      [...float32, '--no-recheck'],
      ['--bug', 'sign'],
      ['--eps', '0.5', '--atol', '0', '--rtol', '0', '--tolerance', 'allclose'],
      ['--hidden', '3', '--bug', 'half'],
      ['--module', 'examples/softmax-transposed.mjs'],
    ])
      for (const format of [[], ['--format', 'markdown']]) {
        const quiet = runCli([...args, ...format, '-q']);
        const word = quiet.stdout.trim().split(/\s+/)[0].replace(/\*/g, '');
        assert.equal(EXIT[word], quiet.code, `${args.join(' ')} ${format.join(' ')} -q: ${quiet.stdout}`);
        const full = runCli([...args, ...format]);
        const last = full.stdout.trim().split('\n').at(-1) ?? '';
        const lastWord = last.replace(/\*/g, '').trim().split(/\s+/)[0];
        if (lastWord in EXIT) assert.equal(EXIT[lastWord], full.code, `${args.join(' ')}: ${last}`);
      }
  });

  it('a sample larger than the entries there are checks them all, and says so', () => {
    const r = runCli(['--sample', '100']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /all 6 entries \(a sample of 100 asked for more\)/);
    const m = runCli(['--module', 'examples/mlp.cjs', '--sample', '1000']);
    assert.match(m.stdout, /all 17 entries \(a sample of 1000 asked for more\)/);
  });

  it('4 with reason truncation when the step is so large that every bound is its truncation (--eps 3), and a smaller step advised', () => {
    const r = runCli(['--model', 'tanh', '--eps', '3', '--json']);
    assert.equal(r.code, 4);
    const { summary } = JSON.parse(r.stdout);
    assert.equal(summary.inconclusive.reason, 'truncation');
    assert.match(summary.inconclusive.message, /a smaller step \(--eps auto picks about/);
    assert.doesNotMatch(summary.inconclusive.message, /noise floor/);
  });

  it('--bug transpose on a 2×2 W (one pair of entries) is diagnosed transpose, over seeds and inits', () => {
    for (const seed of ['1', '2', '3', '42'])
      for (const init of ['notebook', 'scaled']) {
        const r = runCli(['--bug', 'transpose', '-d', '2', '--seed', seed, '--init', init, '--json']);
        const { summary } = JSON.parse(r.stdout);
        if (summary.verdict === 'fail') assert.equal(summary.diagnosis.code, 'transpose', `seed ${seed} ${init}`);
      }
  });

  it('advice never repeats what the check already did: no --init scaled for a check drawn with it', () => {
    const r = runCli(['--dtype', 'float32', '--no-recheck', '--eps', '1e-6', '--init', 'scaled']);
    assert.equal(r.code, 4);
    assert.doesNotMatch(
      r.stdout
        .split('\n')
        .filter((l) => l.startsWith('inconclusive'))
        .join(''),
      /--init scaled/,
    );
  });

  it('1 for the linear model only when the tolerance is below roundoff', () => {
    // A quadratic's central difference has no truncation error: only roundoff is left.
    assert.equal(
      runCli(['--model', 'linear', '--eps', '0.5', '--atol', '0', '--rtol', '1e-12', '--tolerance', 'allclose']).code,
      0,
    );
  });
});

describe('bad input: exit 2, one line on stderr naming the flag and value, nothing on stdout', () => {
  const cases: [string[], string[]][] = [
    [
      ['-n', '0'],
      ["'-n <rows>'", "'0'", 'positive integer'],
    ],
    [
      ['-n', '-3'],
      ["'-n <rows>'", "'-3'", 'positive integer'],
    ],
    [
      ['-n', '2.5'],
      ["'-n <rows>'", "'2.5'", 'positive integer'],
    ],
    [
      ['-n', 'abc'],
      ["'-n <rows>'", "'abc'", 'positive integer'],
    ],
    [
      ['-n', ''],
      ["'-n <rows>'", 'positive integer'],
    ],
    [
      ['-d', '0'],
      ["'-d <features>'", "'0'", 'positive integer'],
    ],
    [
      ['-C', 'x'],
      ["'-C <outputs>'", "'x'", 'positive integer'],
    ],
    [
      ['-C', '1e400'],
      ["'-C <outputs>'", "'1e400'", 'positive integer'],
    ],
    [
      ['--domain', '2'],
      ["'--domain <int>'", "'2'", 'from 6'],
    ],
    [
      ['--domain', '3.5'],
      ["'--domain <int>'", "'3.5'", 'from 6'],
    ],
    [
      ['--eps', '0'],
      ["'--eps <step>'", "'0'", '"auto" or a finite number > 0'],
    ],
    [
      ['--eps', '-1e-4'],
      ["'--eps <step>'", "'-1e-4'", '"auto" or a finite number > 0'],
    ],
    [
      ['--eps', 'NaN'],
      ["'--eps <step>'", "'NaN'", '"auto" or a finite number > 0'],
    ],
    [
      ['--eps', 'Infinity'],
      ["'--eps <step>'", "'Infinity'", '"auto" or a finite number > 0'],
    ],
    [
      ['--eps', '1e999'],
      ["'--eps <step>'", "'1e999'", '"auto" or a finite number > 0'],
    ],
    [
      ['--eps', '0x10'],
      ["'--eps <step>'", "'0x10'", '"auto" or a finite number > 0'],
    ],
    [
      ['--atol', '-1'],
      ["'--atol <number>'", "'-1'", 'finite number ≥ 0'],
    ],
    [
      ['--rtol', 'NaN'],
      ["'--rtol <number>'", "'NaN'", 'finite number ≥ 0'],
    ],
    [
      ['--rtol', 'inf'],
      ["'--rtol <number>'", "'inf'", 'finite number ≥ 0'],
    ],
    [
      ['--model', 'relu6'],
      ["'--model <name>'", "'relu6'", 'linear, sigmoid, tanh, relu, softplus'],
    ],
    [
      ['--scheme', 'six-point'],
      ["'--scheme <name>'", "'six-point'", 'central, forward, backward, five-point, richardson, complex-step'],
    ],
    [
      ['--bug', 'typo'],
      ["'--bug <kind>'", "'typo'", 'sign, half, double, transpose, no-activation-derivative'],
    ],
    [
      ['--bug', 'transpose'],
      ["'--bug <kind>'", "'transpose'", 'd = C', 'd = 3, C = 2'],
    ],
    [
      ['--bug', 'no-activation-derivative', '--model', 'linear'],
      ["'--bug <kind>'", 'changes nothing for --model linear'],
    ],
    [
      ['sweep', '--from', '1e-5', '--to', '1e-3'],
      ['--from', '--to', 'larger'],
    ],
    [
      ['sweep', '--scheme', 'central,nope'],
      ["'--scheme <list>'", "'central,nope'", 'comma-separated list'],
    ],
    [
      ['sweep', '--scheme', 'central,central'],
      ["'--scheme <list>'", 'at most once'],
    ],
    [
      ['sweep', '--dtype', 'float16'],
      ["'--dtype <list>'", "'float16'"],
    ],
    [
      ['sweep', '--per-decade', '0'],
      ["'--per-decade <count>'", "'0'", 'from 1 to 20'],
    ],
    [
      ['sweep', '--from', '1e300', '--to', '1e-300', '--per-decade', '20'],
      ['12001 steps', 'at most 1000'],
    ],
    [
      ['taylor', '--steps', '2'],
      ["'--steps <count>'", "'2'", 'from 5 to 60'],
    ],
    [
      ['taylor', '--bug', 'transpose'],
      ["'--bug <kind>'", 'd = C'],
    ],
    [['taylor', '--eps', '1e-4'], ["'--eps'"]],
    [
      ['--sample', '0'],
      ["'--sample <count>'", "'0'", 'positive integer'],
    ],
    [
      ['--sample', '2.5'],
      ["'--sample <count>'", "'2.5'", 'positive integer'],
    ],
    [
      ['--all', '--json'],
      ["'--all'", 'json'],
    ],
    [['frobnicate'], ["'frobnicate'"]],
    [
      ['--rng', 'mt'],
      ["'--rng <name>'", "'mt'", 'arc4, alea'],
    ],
    [
      ['--format', 'xml'],
      ["'--format <name>'", "'xml'", 'table, json, csv, tsv, markdown'],
    ],
    [
      ['--dtype', 'float16'],
      ["'--dtype <type>'", "'float16'", 'float64, float32'],
    ],
    [['--frobnicate'], ["'--frobnicate'"]],
    [
      ['--modle', 'linear'],
      ["'--modle'", '--model'],
    ],
    [['--eps'], ["'--eps <step>'", 'missing']],
    [['extra'], ["unknown command 'extra'", 'sweep, taylor']],
    [
      ['--seed', ''],
      ["'--seed <seed>'", 'non-empty'],
    ],
    [
      ['-n', '100000', '-d', '1000'],
      ['-n 100000 -d 1000 -C 2', '100202000', `${2 ** 24}`],
    ],
    [
      ['--json', '--format', 'table'],
      ["'--json'", "'--format <name>'"],
    ],
    [
      ['--show-inputs', '--format', 'csv'],
      ["'--show-inputs'", 'csv', 'table or markdown'],
    ],
    [['--no-header'], ["'--no-header'", 'csv or tsv']],
  ];
  for (const [args, mentions] of cases) {
    it(args.join(' ') || '(empty)', () => {
      const r = runCli(args);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^gradcheck: error: [^\n]+\n$/, 'exactly one line');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      for (const m of mentions) assert.ok(r.stderr.includes(m), `stderr mentions ${m}: ${r.stderr}`);
    });
  }
});

describe('color', () => {
  it('on a terminal, the table is colored', async () => {
    const r = await runInProcess(['--model', 'linear'], { colorLevel: 1 });
    assert.match(r.stdout, ANSI);
    assert.equal(r.code, 0);
  });

  it('never with NO_COLOR, --no-color, a pipe, or a machine format', async () => {
    assert.doesNotMatch(
      (await runInProcess(['--model', 'linear'], { colorLevel: 3, env: { NO_COLOR: '1' } })).stdout,
      ANSI,
    );
    assert.doesNotMatch((await runInProcess(['--model', 'linear', '--no-color'], { colorLevel: 3 })).stdout, ANSI);
    assert.doesNotMatch((await runInProcess(['--model', 'linear'], { colorLevel: 0 })).stdout, ANSI);
    for (const format of ['json', 'csv', 'tsv', 'markdown']) {
      assert.doesNotMatch((await runInProcess(['--format', format], { colorLevel: 3 })).stdout, ANSI, format);
    }
  });

  it('an empty NO_COLOR does not count (no-color.org)', async () => {
    assert.match((await runInProcess(['--model', 'linear'], { colorLevel: 1, env: { NO_COLOR: '' } })).stdout, ANSI);
  });

  it('a real terminal (script(1)) gets color; NO_COLOR there turns it off', {
    skip: !hasScript() && 'script(1) is not installed',
  }, () => {
    const run = (env: string) =>
      spawnSync('script', ['-qec', `${env} ${process.execPath} ${BIN} --model linear`, '/dev/null'], {
        // chalk turns color off on any terminal when CI is set, so the pretend terminal is not in CI.
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined },
      }).stdout;
    assert.match(run(''), ANSI);
    assert.doesNotMatch(run('NO_COLOR=1'), ANSI);
  });

  it('piped through the real binary, no escape codes, even with FORCE_COLOR', () => {
    assert.doesNotMatch(runCli(['--model', 'linear'], { FORCE_COLOR: '3' }).stdout, ANSI);
  });
});

function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('pipes', () => {
  it('`gradcheck -n 3000 -d 50 -C 20 --format csv | head -1` ends quietly', () => {
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" -n 3000 -d 50 -C 20 --format csv | head -1`],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    assert.equal(r.stdout, 'entry,analytic,numeric,difference,absError,relError,step,roundoff,pass,status,bound\n');
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
  });
});

describe('determinism', () => {
  for (const format of ['table', 'json', 'csv', 'tsv', 'markdown']) {
    it(`two runs give byte-identical ${format}`, () => {
      const args = ['--format', format, '-n', '7', '-d', '4', '-C', '3', '--seed', 'abc', '--rng', 'xorwow'];
      assert.equal(runCli(args).stdout, runCli(args).stdout);
    });
  }
});

describe('everything human fits the terminal', () => {
  it('checks, taylor and sweep at COLUMNS 80 and 60 (the sweep chart, 61 wide, at 80 only)', () => {
    const visible = (line: string) => [...stripVTControlCharacters(line)].length;
    for (const [columns, commands] of [
      [
        '80',
        [
          ['taylor'],
          ['taylor', '--bug', 'sign'],
          ['sweep'],
          ['-n', '200', '-d', '60', '-C', '20'],
          ['--hidden', '4', '--bug', 'half'],
          ['--module', 'examples/softmax-transposed.mjs'],
        ],
      ],
      [
        '60',
        [
          ['taylor'],
          ['-n', '200', '-d', '60', '-C', '20'],
          ['--hidden', '4', '--bug', 'half'],
          ['--module', 'examples/softmax-transposed.mjs'],
        ],
      ],
    ] as const)
      for (const command of commands) {
        const r = runCli([...command], { COLUMNS: columns });
        const wide = r.stdout.split('\n').filter((line) => visible(line) > Number(columns));
        assert.deepEqual(wide, [], `${command.join(' ')} at ${columns}`);
      }
  });
});

describe('help and version', () => {
  it('--help of every command fits 80 and 60 columns; `gradcheck help taylor` is taylor --help; the summary names every kind of check', () => {
    for (const columns of ['80', '60'])
      for (const command of [['--help'], ['sweep', '--help'], ['taylor', '--help'], ['help', 'taylor']]) {
        const r = runCli(command, { COLUMNS: columns });
        assert.equal(r.code, 0, `${command.join(' ')}: ${r.stderr}`);
        const wide = r.stdout.split('\n').filter((line) => [...line].length > Number(columns));
        assert.deepEqual(wide, [], `${command.join(' ')} at ${columns}`);
      }
    assert.equal(runCli(['help', 'taylor']).stdout, runCli(['taylor', '--help']).stdout);
    const help = runCli(['--help']).stdout;
    assert.match(help, /--module: a loss and its gradient, a vjp, jvp\s+or hvp, a TF\.js loss/);
    // The examples' folder as reached from the working directory (in a clone: examples/).
    assert.match(help, /\$ gradcheck --module examples\/mlp\.cjs/);
  });

  it('--help lists every option with its default, and real examples', () => {
    const r = runCli(['--help']);
    assert.equal(r.code, 0);
    for (const [flag, dflt] of [
      ['--model <name>', 'default: "sigmoid"'],
      ['-n <rows>', 'default: 4'],
      ['-d <features>', 'default: 3'],
      ['-C <outputs>', 'default: 2'],
      ['--domain <int>', 'default: 10'],
      ['--seed <seed>', 'default:\n? *"42"'],
      ['--rng <name>', 'default: "arc4"'],
      ['--eps <step>', 'default: "auto"'],
      ['--scheme <name>', 'default: "central"'],
      ['--numeric <mode>', 'default:\n? *"local"'],
      ['--atol <number>', 'default: 0.00001'],
      ['--rtol <number>', 'default: 0.001'],
      ['--format <name>', 'default: "table"'],
      ['--dtype <type>', 'default:\n? *"float64"'],
    ]) {
      assert.ok(r.stdout.includes(flag), flag);
      assert.match(r.stdout.replace(/\n\s+/g, ' '), new RegExp(dflt.replace('\n? *', ' ?')), `${flag} shows ${dflt}`);
    }
    for (const flag of [
      '--json',
      '--show-inputs',
      '--no-header',
      '--no-color',
      '--debug',
      '--version',
      '--help',
      '--bug <kind>',
    ])
      assert.ok(r.stdout.includes(flag), flag);
    assert.match(r.stdout, /Commands:\n\s+sweep \[options\]/);
    assert.match(r.stdout, /Examples:\n {2}\$ gradcheck --model sigmoid --eps 1e-4/);
  });

  it('sweep --help and taylor --help list their options with defaults', () => {
    const sweepHelp = runCli(['sweep', '--help']).stdout.replace(/\n\s+/g, ' ');
    for (const t of [
      '--scheme <list>',
      'default: central',
      '--dtype <list>',
      'default: float64',
      '--from <step>',
      'default: 10',
      '--to <step>',
      'default: 1e-12',
      '--per-decade <count>',
      'default: 4',
    ]) {
      assert.ok(sweepHelp.includes(t), t);
    }
    const taylorHelp = runCli(['taylor', '--help']).stdout.replace(/\n\s+/g, ' ');
    for (const t of ['--steps <count>', 'default: 24', '--bug <kind>', '--dtype <type>'])
      assert.ok(taylorHelp.includes(t), t);
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.deepEqual(runCli(['--version']), { stdout: `${pkg.version}\n`, stderr: '', code: 0 });
  });
});

describe('--show-inputs', () => {
  it('prints the notebook cells: X, W, T, Z, Y and both losses, with loss2 = loss1·n·C/2', () => {
    const r = runCli(['--show-inputs', '--model', 'linear', '-n', '3', '-d', '2', '-C', '2']);
    for (const name of ['X (3×2)', 'W (2×2)', 'T (3×2)', 'Z = XW (3×2)', 'Y = Z (3×2)', 'loss2 = ', 'loss1 = '])
      assert.ok(r.stdout.includes(name), name);
    const loss2 = Number(/loss2 = ½Σ\(Y−T\)² = (\S+)/.exec(r.stdout)![1]);
    const loss1 = Number(/loss1 = mean \(Y−T\)² = (\S+)/.exec(r.stdout)![1]);
    assert.equal(loss2, (loss1 * 3 * 2) / 2);
  });
});

describe('internal errors', () => {
  const failingStdout = () =>
    new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
      },
    });
  async function run(args: string[]) {
    let err = '';
    const stderr = new Writable({
      write(c, _e, cb) {
        err += String(c);
        cb();
      },
    });
    const code = await execute(args, { stdout: failingStdout(), stderr, env: {}, colorLevel: 0 });
    return { code, err };
  }

  it('exit 3 with one line on stderr, the stack only with --debug', async () => {
    const plain = await run(['--model', 'linear']);
    assert.equal(plain.code, 3);
    assert.equal(
      plain.err,
      'gradcheck: internal error: EIO: i/o error, write (run with --debug for the stack trace)\n',
    );
    const debug = await run(['--model', 'linear', '--debug']);
    assert.equal(debug.code, 3);
    assert.match(debug.err, /^gradcheck: internal error: Error: EIO: i\/o error, write\n\s+at /);
  });
});

describe('signals', () => {
  it('Ctrl-C (SIGINT) during a long check ends it at once and quietly: the shell sees 130', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, '-n', '4000', '-d', '512', '-C', '128'], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    await new Promise((r) => setTimeout(r, 700));
    const started = Date.now();
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.on('exit', (c, s) => r([c, s])),
    );
    assert.ok(Date.now() - started < 2000, 'stops at once');
    // Killed by the signal (what a shell reports as 128 + 2), or exited with 130 itself.
    assert.ok(signal === 'SIGINT' || code === 130, `code ${code} signal ${signal}`);
    assert.equal(out, '');
    assert.equal(err, '');
  });
});

describe('the terminal: width, digits, quiet', () => {
  const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

  it('COLUMNS=100: every line fits, the table with fewer digits, prose wrapped with an indent', () => {
    for (const args of [
      ['--bug', 'half'],
      ['--dtype', 'float32'],
      ['--model', 'relu', '--rng', 'torch', '-n', '8', '-d', '3', '-C', '3', '--seed', '3'],
    ]) {
      const wide = runCli(args).stdout;
      const fitted = runCli(args, { COLUMNS: '100' }).stdout;
      assert.ok(
        widest(wide) > 100,
        `${args.join(' ')}: ${widest(wide)} wide without COLUMNS (a pipe: as wide as it takes)`,
      );
      assert.ok(widest(fitted) <= 100, `${args.join(' ')}: ${widest(fitted)}`);
      assert.match(fitted, /\n {2}\S/);
    }
    // Fewer digits are the same values rounded: W[0,0]'s analytic value to the digits shown.
    const row =
      runCli([], { COLUMNS: '100' })
        .stdout.split('\n')
        .find((l) => l.includes('W[0,0]')) ?? '';
    const shown = Number(row.split('│')[2]);
    assert.ok(Math.abs(shown - -0.01727166378751021) <= 5e-3 * 0.0173, row);
  });

  it('COLUMNS=60: the narrowest table (4 digits, no roundoff column), prose within 60', () => {
    const out = runCli([], { COLUMNS: '60' }).stdout;
    assert.match(out, /│ W\[0,0\] │ -0\.01727 │ -0\.01727 │/);
    assert.doesNotMatch(out, /roundoff │/);
    for (const line of out.split('\n').filter((l) => !/^[│┌└]/.test(l))) assert.ok([...line].length <= 60, line);
  });

  it('--digits N sets the significant digits of a table and of markdown; machine formats refuse it', () => {
    assert.match(runCli(['--digits', '3']).stdout, /│ W\[0,0\] │ +-0\.0173 │ -0\.0173 │ +8\.44e-13 │/);
    assert.match(
      runCli(['--digits', '6', '--format', 'markdown']).stdout,
      /\| W\[0,0\] \| -0\.0172717 \| -0\.0172717 \| 8\.4403e-13 \|/,
    );
    const json = runCli(['--digits', '3', '--json']);
    assert.equal(json.code, 2);
    assert.equal(
      json.stderr,
      "gradcheck: error: option '--digits' works with --format table or markdown, not json (which always write every digit).\n",
    );
    assert.equal(runCli(['--digits', '18']).code, 2);
  });

  it('--quiet prints the verdict line only, with the same exit code', () => {
    for (const [args, line, code] of [
      [[], 'PASS  6/6 entries within tolerance\n', 0],
      [['--bug', 'sign'], /^FAIL {2}6 of 6 entries outside tolerance[^\n]*\n$/, 1],
      [['-n', '1000', '-d', '128', '-C', '32'], /^INCONCLUSIVE[^\n]*\n$/, 4],
    ] as const) {
      const r = runCli(['--quiet', ...args]);
      assert.equal(r.code, code);
      if (typeof line === 'string') assert.equal(r.stdout, line);
      else assert.match(r.stdout, line);
    }
    assert.equal(runCli(['-q', '--json']).code, 2);
    assert.equal(runCli(['-q', '--all']).code, 2);
  });
});
