import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from './helpers.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_type': string; '@_message': string; '#text': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  testcase: Case[];
}

const parse = (xml: string) => {
  assert.equal(XMLValidator.validate(xml), true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml).testsuites as { '@_tests': string; '@_failures': string; testsuite: Suite[] };
};

describe('--format junit, read by a real XML parser', () => {
  it('a failing check: one testcase per parameter, each failure with the worst entries and the diagnosis', () => {
    const r = runCli(['--wrt', 'W,X', '--bug', 'sign', '--format', 'junit']);
    assert.equal(r.code, 1);
    const doc = parse(r.stdout);
    assert.deepEqual([doc['@_tests'], doc['@_failures']], ['2', '2']);
    const [suite] = doc.testsuite;
    assert.deepEqual(
      suite.testcase.map((c) => [c['@_name'], c.failure?.['@_type']]),
      [
        ['W', 'fail'],
        ['X', 'fail'],
      ],
    );
    assert.match(
      suite.testcase[0].failure?.['@_message'] ?? '',
      /^6 of 6 entries outside tolerance: sign — analytic ≈ −numeric/,
    );
    assert.match(suite.testcase[0].failure?.['#text'] ?? '', /^W\[1,1\] {2}analytic 4\.03\d+ {2}numeric -4\.03\d+ /);
  });

  it('a passing parameter has no failure; an inconclusive one is a failure of type inconclusive (it fails the job: exit 4)', () => {
    const r = runCli(['-n', '100', '-d', '64', '-C', '4', '--hidden', '8', '--sample', '40', '--format', 'junit']);
    assert.equal(r.code, 4);
    const cases = parse(r.stdout).testsuite[0].testcase;
    assert.deepEqual(
      cases.map((c) => [c['@_name'], c.failure?.['@_type'] ?? 'pass']),
      [
        ['W1', 'inconclusive'],
        ['W2', 'pass'],
      ],
    );
    assert.match(cases[0].failure?.['@_message'] ?? '', /^inconclusive: W1 proved nothing/);
  });

  it("a module's several rules: one testsuite per rule; markup in a module's name is escaped", () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcheck-junit-'));
    const module = join(dir, 'a<&>"b.mjs');
    writeFileSync(module, readFileSync('examples/hvp.mjs', 'utf8'));
    const r = runCli(['--module', module, '--format', 'junit']);
    assert.equal(r.code, 0, r.stderr);
    const doc = parse(r.stdout);
    assert.deepEqual(
      doc.testsuite.map((s) => s['@_name']),
      [`gradcheck gradient of ${module}`, `gradcheck hvp of ${module}`],
    );
  });
});

describe('GitHub Actions', () => {
  it('GITHUB_ACTIONS=true: an ::error annotation a failing parameter on stderr, at the module file; stdout untouched', () => {
    const plain = runCli(['--module', 'examples/softmax-transposed.mjs', '--json']);
    const r = runCli(['--module', 'examples/softmax-transposed.mjs', '--json'], { GITHUB_ACTIONS: 'true' });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, plain.stdout);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /^::error file=examples\/softmax-transposed\.mjs,title=gradcheck FAIL%3A W in gradient of examples\/softmax-transposed\.mjs::W: 6 of 9 entries outside tolerance\. transpose — /,
    );
    assert.equal(runCli(['--module', 'examples/softmax.mjs'], { GITHUB_ACTIONS: 'true' }).stderr, '');
  });

  it('GITHUB_STEP_SUMMARY: the markdown report is appended, whatever the format; an unwritable one is exit 2', () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'gradcheck-summary-')), 'summary.md');
    writeFileSync(summary, '# before\n');
    const r = runCli(['--bug', 'half', '--format', 'csv'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(r.code, 1);
    const text = readFileSync(summary, 'utf8');
    assert.match(text, /^# before\n/);
    assert.match(text, /\*\*FAIL\*\*|FAIL/);
    assert.match(text, /diagnosis: scale|scale/);
    const bad = runCli(['--bug', 'half'], { GITHUB_STEP_SUMMARY: '/nonexistent/dir/summary.md' });
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /GITHUB_STEP_SUMMARY '\/nonexistent\/dir\/summary\.md' cannot be written: ENOENT\./);
  });
});

describe('a check that could not run (exit 2), for CI', () => {
  it('--format junit writes a valid document with one errored test case carrying the message', () => {
    for (const args of [
      ['--format', 'junit', '--eps', '-1'],
      ['--format=junit', '--module', 'nope.mjs'],
      ['--format', 'junit', '--nope'],
    ]) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(XMLValidator.validate(r.stdout), true, r.stdout);
      const doc = new XMLParser({ ignoreAttributes: false }).parse(r.stdout).testsuites;
      assert.equal(doc['@_errors'], '1');
      const error = doc.testsuite.testcase.error;
      assert.equal(error['@_type'], 'usage');
      // The message is the one stderr has.
      assert.ok(r.stderr.includes(error['@_message'].slice(0, 30)), `${error['@_message']} / ${r.stderr}`);
    }
    // Other formats keep stdout empty on exit 2.
    assert.equal(runCli(['--format', 'json', '--eps', '-1']).stdout, '');
  });
  it('GITHUB_ACTIONS=true: an ::error annotation at the file the command names; a job summary starts with a heading', () => {
    const r = runCli(['--module', 'nope.mjs'], { GITHUB_ACTIONS: 'true' });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^::error file=nope\.mjs,title=gradcheck could not run the check::option '--module <path>'/m,
    );
    const summary = join(mkdtempSync(join(tmpdir(), 'gradcheck-summary-')), 'summary.md');
    runCli(['--bug', 'sign', '-q'], { GITHUB_STEP_SUMMARY: summary });
    assert.match(readFileSync(summary, 'utf8'), /^### gradcheck sigmoid: FAIL\n\n/);
  });
});
