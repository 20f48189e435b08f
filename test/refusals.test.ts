import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGradient, checkModel, OptionError } from 'gradcheck';
import { REFUSAL_CODES, surfacesOf } from '../src/rules/constraints.js';
import { runCli, runInProcess } from './helpers.js';

/**
 * The rule book (src/rules/) raised from the command line and from the library alike: one row
 * a refusal, with the words each front end puts it in. Every code of the rule book has a row
 * from the command line, and one from the library wherever the library can break it.
 */

const cubic = {
  parameters: { w: [0.5, -1.5] },
  loss: ({ w }: { w: number[] }) => w[0] ** 3 + w[0] * w[1],
  gradient: ({ w }: { w: number[] }) => ({ w: [3 * w[0] ** 2 + w[1], w[0]] }),
};

interface Row {
  code: string;
  cli: { args: string[]; message: string }[];
  library?: { call: () => unknown; message: string }[];
}

const MODULE = ['--module', 'examples/mlp.cjs'];
const INPUT = ['--input', 'fixtures/bad/plain.json'];

const ROWS: Row[] = [
  {
    code: 'module-with-model-option',
    cli: [
      {
        args: [...MODULE, '--hidden', '3'],
        message: "option '--hidden <units>' cannot be used with --module: it describes the built-in model.",
      },
      {
        args: [...MODULE, '--init', 'scaled'],
        message: "option '--init <recipe>' cannot be used with --module: it describes the built-in model.",
      },
      {
        args: ['sweep', ...MODULE, '--init', 'scaled'],
        message: "option '--init <recipe>' cannot be used with --module: it describes the built-in model.",
      },
    ],
  },
  {
    code: 'module-dtype',
    cli: [
      {
        args: [...MODULE, '--dtype', 'float32'],
        message:
          "option '--dtype float32' cannot be used with --module: a module computes in JavaScript numbers, float64.",
      },
      {
        args: ['sweep', ...MODULE, '--dtype', 'float64,float32'],
        message:
          "option '--dtype float64,float32' cannot be used with --module: a module computes in JavaScript numbers, float64.",
      },
    ],
  },
  {
    code: 'module-local-probes',
    cli: [
      {
        args: [...MODULE, '--numeric', 'local'],
        message:
          "option '--numeric local' cannot be used with --module: a module is a black box, probed by whole losses.",
      },
      {
        args: ['sweep', ...MODULE, '--numeric', 'full'],
        message: "option '--numeric' cannot be used with --module: a module is a black box, probed by whole losses.",
      },
    ],
  },
  {
    code: 'module-complex-step',
    cli: [
      {
        args: [...MODULE, '--scheme', 'complex-step'],
        message:
          "option '--scheme complex-step' cannot be used with --module: complex-step needs the loss in complex arithmetic; a module's loss takes plain numbers.",
      },
    ],
    // The library's functions take no complex-step at all: a value they do not accept.
    library: [
      {
        call: () => checkGradient(cubic, { scheme: 'complex-step' as never }),
        message:
          "checkGradient: option 'scheme' is 'complex-step': expected one of central, forward, backward, five-point, richardson",
      },
    ],
  },
  {
    code: 'module-bug',
    cli: [
      {
        args: [...MODULE, '--bug', 'transpose'],
        message:
          "option '--bug transpose' cannot be used with --module: a module's gradient can be corrupted by sign, half or double.",
      },
      {
        args: ['taylor', ...MODULE, '--bug', 'transpose'],
        message:
          "option '--bug transpose' cannot be used with --module: a module's rule can be corrupted by sign, half or double.",
      },
    ],
    library: [
      {
        call: () => checkGradient(cubic, { bug: 'transpose' as never }),
        message: "checkGradient: option 'bug' is 'transpose': expected one of sign, half, double, null",
      },
    ],
  },
  {
    code: 'input-with-shapes',
    cli: [
      {
        args: [...INPUT, '-n', '3'],
        message: "option '-n' cannot be used with --input: the shapes come from the input.",
      },
      {
        args: ['taylor', ...INPUT, '-C', '3'],
        message: "option '-C' cannot be used with --input: the shapes come from the input.",
      },
    ],
  },
  {
    code: 'input-with-hidden',
    cli: [
      {
        args: [...INPUT, '--hidden', '3'],
        message:
          "option '--hidden <units>' cannot be used with --input: the layers come from the input (W1 and W2, or W).",
      },
    ],
  },
  {
    code: 'input-with-generator',
    cli: [
      {
        args: [...INPUT, '--domain', '50'],
        message: "option '--domain' describes the generator, and --input gives the data.",
      },
      {
        args: ['sweep', ...INPUT, '--init', 'scaled'],
        message: "option '--init' describes the generator, and --input gives the data.",
      },
    ],
  },
  {
    code: 'needs-module',
    cli: [
      {
        args: ['--timeout', '5'],
        message: "option '--timeout' works with --module only: it limits each call of a module's loss or gradient.",
      },
      {
        args: ['sweep', '--timeout', '5'],
        message: "option '--timeout <seconds>' works with --module only: it limits each call of a module's functions.",
      },
      {
        args: ['taylor', '--rule', 'vjp'],
        message: "option '--rule <name>' works with --module only: it picks the module's rule to test.",
      },
    ],
  },
  {
    code: 'sweep-steps',
    cli: [
      {
        args: ['sweep', '--from', '1e-3', '--to', '1'],
        message: "options '--from 0.001' and '--to 1': --from must be the larger step.",
      },
      // From 10 down to 1e-300 at 20 a decade: 301·20 + 1 steps.
      {
        args: ['sweep', '--to', '1e-300', '--per-decade', '20'],
        message: 'options --from, --to and --per-decade give 6021 steps; at most 1000 are accepted.',
      },
    ],
  },
  {
    code: 'too-large',
    cli: [
      // 100000·1000 + 1000·2 + 100000·2 entries of X, W and T.
      {
        args: ['-n', '100000', '-d', '1000'],
        message: '-n 100000 -d 1000 -C 2 make 100202000 entries of X, W and T; at most 16777216 are accepted.',
      },
      {
        args: ['taylor', '-n', '5000', '-d', '5000'],
        message: '-n 5000 -d 5000 -C 2 make 25020000 entries of X, W and T; at most 16777216 are accepted.',
      },
    ],
    library: [
      {
        call: () => checkModel({ n: 5000, d: 5000 }),
        message: 'checkModel: n, d, C make 25020000 entries of X, W and T: at most 16777216',
      },
    ],
  },
  {
    code: 'seed-out-of-range',
    cli: [
      {
        args: ['--rng', 'torch', '--seed', '-1'],
        message:
          "option '--seed <seed>' argument '-1' is invalid with --rng torch. Expected an integer from 0 to 4294967295.",
      },
      {
        args: ['sweep', ...MODULE, '--rng', 'numpy', '--seed', 'x'],
        message:
          "option '--seed <seed>' argument 'x' is invalid with --rng numpy. Expected an integer from 0 to 4294967295.",
      },
    ],
    library: [
      {
        call: () => checkGradient(cubic, { rng: 'torch', seed: -3 }),
        message: "checkGradient: option 'seed' is -3: expected an integer from 0 to 4294967295 with rng 'torch'",
      },
      {
        call: () => checkModel({ rng: 'numpy', seed: 'x' }),
        message: "checkModel: option 'seed' is 'x': expected an integer from 0 to 4294967295 with rng 'numpy'",
      },
    ],
  },
  {
    code: 'wrt-with-hidden',
    cli: [
      {
        args: ['--hidden', '3', '--wrt', 'W'],
        message:
          "option '--wrt W' names W: with a hidden layer the weights are W1 and W2 (--wrt W1, W2, X or a list of them).",
      },
    ],
    library: [
      {
        call: () => checkModel({ hidden: 3, wrt: ['W'] }),
        message: "checkModel: option 'wrt' names W: expected W1, W2, X with a hidden layer",
      },
    ],
  },
  {
    code: 'wrt-without-hidden',
    cli: [
      {
        args: ['--wrt', 'W,W2'],
        message:
          "option '--wrt W,W2' names W1 or W2, the weights of a hidden layer: add --hidden <units>, or check W and X.",
      },
    ],
    library: [
      {
        call: () => checkModel({ wrt: ['X', 'W1'] }),
        message: "checkModel: option 'wrt' names W1: expected W, X (W1 and W2 need hidden)",
      },
    ],
  },
  {
    code: 'hidden-local-probes',
    cli: [
      {
        args: ['--hidden', '3', '--numeric', 'local'],
        message:
          "option '--numeric local' cannot be used with --hidden: a hidden layer is probed by whole forward passes.",
      },
    ],
    library: [
      {
        call: () => checkModel({ hidden: 3, numeric: 'local' }),
        message: "checkModel: option 'numeric' is 'local': a hidden layer is probed by whole passes ('full')",
      },
    ],
  },
  {
    code: 'hidden-show-inputs',
    cli: [
      {
        args: ['--hidden', '3', '--show-inputs'],
        message: "option '--show-inputs' works with the one-layer model, not with --hidden.",
      },
    ],
  },
  {
    code: 'bug-needs-square',
    cli: [
      {
        args: ['--bug', 'transpose', '-d', '3', '-C', '2'],
        message:
          "option '--bug <kind>' argument 'transpose' is invalid here: --bug transpose needs a square W (d = C), not d = 3, C = 2.",
      },
      {
        args: ['taylor', '--bug', 'transpose', '-d', '4'],
        message:
          "option '--bug <kind>' argument 'transpose' is invalid here: --bug transpose needs a square W (d = C), not d = 4, C = 2.",
      },
      {
        // Replayed: the file's config is what does not fit, not a flag.
        args: ['--input', 'fixtures/bad/transpose-not-square.json'],
        message:
          'input fixtures/bad/transpose-not-square.json: config.bug transpose needs a square W (d = C), not d = 3, C = 2.',
      },
      {
        args: ['--hidden', '4', '--bug', 'transpose'],
        message:
          "option '--bug <kind>' argument 'transpose' is invalid here: --bug transpose needs a square W1 (d = k) or W2 (k = C), not d = 3, k = 4, C = 2.",
      },
    ],
    library: [
      {
        call: () => checkModel({ bug: 'transpose' }),
        message: "checkModel: option 'bug' is 'transpose': transpose needs d = C",
      },
      {
        call: () => checkModel({ hidden: 4, bug: 'transpose' }),
        message: "checkModel: option 'bug' is 'transpose': transpose needs d = k or k = C",
      },
    ],
  },
  {
    code: 'bug-needs-activation',
    cli: [
      {
        args: ['--bug', 'no-activation-derivative', '--model', 'linear', '--hidden', '2'],
        message:
          "option '--bug <kind>' argument 'no-activation-derivative' is invalid here: --bug no-activation-derivative changes nothing for --model linear (σ′ = 1).",
      },
    ],
    library: [
      {
        call: () => checkModel({ model: 'linear', bug: 'no-activation-derivative' }),
        message: "checkModel: option 'bug' is 'no-activation-derivative': linear has no σ′ to drop",
      },
    ],
  },
  {
    code: 'fast-with-sample',
    cli: [
      { args: ['--fast', '--sample', '3'], message: "option '--fast' cannot be used with option '--sample <count>'" },
      {
        args: ['--input', 'fixtures/bad/config-fast-sample.json'],
        message:
          'input fixtures/bad/config-fast-sample.json: config.fast and config.sample cannot both be set: one direction, or a sample of entries.',
      },
    ],
    library: [
      {
        call: () => checkGradient(cubic, { fast: true, sample: 3 }),
        message: "checkGradient: options 'fast' and 'sample' exclude each other: one direction, or a sample of entries",
      },
      {
        call: () => checkModel({ fast: true, sample: 2 }),
        message: "checkModel: options 'fast' and 'sample' exclude each other: one direction, or a sample of entries",
      },
    ],
  },
  {
    code: 'needs-csv',
    cli: [
      {
        args: ['--no-header', '--format', 'json'],
        message: "option '--no-header' works with --format csv or tsv, not json.",
      },
    ],
  },
  {
    code: 'needs-human-format',
    cli: [
      {
        args: ['--digits', '4', '--format', 'csv'],
        message: "option '--digits' works with --format table or markdown, not csv (which always write every digit).",
      },
      {
        args: ['--show-inputs', '-q'],
        message: "option '--show-inputs' prints the inputs, and --quiet prints the verdict only.",
      },
      {
        args: ['-q', '--format', 'junit'],
        message: "option '--quiet' works with --format table or markdown, not junit (machine output is read whole).",
      },
    ],
  },
  {
    code: 'needs-every-entry',
    cli: [
      {
        args: ['--fast', '--all'],
        message:
          "option '--all' lists every entry, and --fast checks one direction: its row and the few entries a failing one names are all shown.",
      },
    ],
  },
  {
    code: 'needs-local-probes',
    cli: [
      {
        args: ['--jobs', '2', '--hidden', '2'],
        message:
          "option '--jobs' splits --numeric local's columns, and whole passes (--numeric full, --hidden) run in one thread.",
      },
      {
        args: ['--jobs', '2', '--fast', ...MODULE],
        message: "option '--jobs' splits the columns of every entry, and --fast checks one direction.",
      },
    ],
  },
  {
    code: 'needs-float32',
    cli: [
      {
        args: ['--no-recheck'],
        message: "option '--no-recheck' works with --dtype float32 only: a float64 check has no recheck.",
      },
    ],
  },
  {
    code: 'needs-allclose',
    cli: [
      {
        args: ['--rtol', '1e-2'],
        message: "option '--rtol' works with --tolerance allclose only: the estimate rule sets each entry's own bound.",
      },
    ],
  },
  {
    code: 'too-many-entries',
    cli: [
      {
        args: ['-n', '1100', '-d', '1024', '-C', '1024', '--wrt', 'W,X'],
        message:
          '--wrt W,X of -n 1100 -d 1024 -C 1024 is 2174976 entries to check; at most 2097152 are checked in one run: check a --sample of them, or --fast.',
      },
    ],
    library: [
      {
        call: () => checkModel({ n: 10, d: 1449, C: 1449 }),
        message:
          'checkModel: options wrt, n, d, C make 2099601 entries to check: at most 2097152; set sample, or fast: true',
      },
    ],
  },
  {
    code: 'unknown-option',
    cli: [{ args: ['--frobnicate'], message: "unknown option '--frobnicate'" }],
    library: [
      {
        call: () => checkGradient(cubic, { speed: 1 } as never),
        message:
          "checkGradient: unknown option 'speed': expected scheme, eps, atol, rtol, tolerance, sample, fast, seed, rng, onProgress, bug, module",
      },
    ],
  },
  {
    code: 'bad-value',
    cli: [
      {
        args: ['--eps', '0'],
        message: "option '--eps <step>' argument '0' is invalid. Expected \"auto\" or a finite number > 0.",
      },
    ],
    library: [
      {
        call: () => checkGradient(cubic, { eps: 0 }),
        message: "checkGradient: option 'eps' is 0: expected 'auto' or a finite number > 0",
      },
      {
        call: () => checkModel({ hidden: 0 }),
        message: "checkModel: option 'hidden' is 0: expected an integer from 1, or null for one layer",
      },
    ],
  },
];

const LIBRARY_SURFACES = ['checkModel', 'checkGradient', 'checkTf'];

describe('the rule book: every refusal from the command line and the library alike', () => {
  it('has a row for every code, from the command line, and from the library where the library can break the rule', () => {
    const codes = ROWS.map((r) => r.code);
    assert.deepEqual([...codes].sort(), [...REFUSAL_CODES].sort());
    for (const row of ROWS) {
      assert.ok(row.cli.length > 0, row.code);
      const fromLibrary = surfacesOf(row.code).some((s) => LIBRARY_SURFACES.includes(s));
      if (fromLibrary) assert.ok(row.library && row.library.length > 0, `${row.code} from the library`);
    }
  });

  for (const row of ROWS) {
    for (const { args, message } of row.cli) {
      it(`${row.code}: gradcheck ${args.join(' ')}`, async () => {
        // A TF.js module is refused in its worker, after the banner TF.js prints: the process is spawned.
        const r = args.includes('examples/tfjs-softplus.mjs') ? runCli(args) : await runInProcess(args);
        assert.equal(r.code, 2, r.stderr);
        // Nothing on stdout, but under --format junit the document of one errored case (docs/CI.md).
        if (args.join(' ').includes('--format junit')) assert.match(r.stdout, /<error type="usage" message="/);
        else assert.equal(r.stdout, '');
        assert.equal(r.stderr.trimEnd().split('\n').at(-1), `gradcheck: error: ${message}`);
      });
    }
    for (const { call, message } of row.library ?? []) {
      it(`${row.code}: ${message.split(':')[0]}(…)`, () => {
        try {
          call();
        } catch (e) {
          assert.ok(e instanceof OptionError, String(e));
          assert.equal(e.exitCode, 2);
          assert.equal(e.message, message);
          assert.equal(
            e.code,
            row.code === 'module-complex-step' || row.code === 'module-bug' ? 'bad-value' : row.code,
          );
          return;
        }
        assert.fail('not refused');
      });
    }
  }
});
