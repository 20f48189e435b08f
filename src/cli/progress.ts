import cliProgress from 'cli-progress';
import type { Progress } from '../numeric/gradient.js';
import type { Format } from './program.js';

/** How long a check of unknown cost (a module) runs before a bar is drawn. */
const UNKNOWN_WORK_DELAY_MS = 500;

/** Whether a terminal can draw a bar: both streams are terminals, and TERM does not say it moves no cursor. */
export function canDrawProgress(env: NodeJS.ProcessEnv, stdoutTty: boolean, stderrTty: boolean): boolean {
  return stdoutTty && stderrTty && env.TERM !== 'dumb';
}

/**
 * A progress bar on stderr for checks predicted to take 0.5 s or more ('unknown': drawn once one has run that long),
 * only when a person watches a human format. It changes no terminal mode. `offThread` (a module's worker): Ctrl-C
 * also clears its line; the main thread keeps node's Ctrl-C, which stops at once (a handler would wait for the check).
 */
export function progressFor(
  format: Format,
  interactive: boolean,
  stderr: NodeJS.WritableStream,
  seconds: number | 'unknown',
  offThread = false,
): { onProgress?: Progress; stop(): void } {
  const human = format === 'table' || format === 'markdown';
  if (!interactive || !human || (seconds !== 'unknown' && seconds < 0.5)) return { stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      // linewrap true (null is false to cli-progress), hideCursor false: an interrupted check cannot leave them off.
      stream: stderr as NodeJS.WriteStream,
      clearOnComplete: true,
      hideCursor: false,
      linewrap: true,
      // No eta until there is a rate to estimate it from (cli-progress starts at '0': "eta 0s" on the first frame).
      format: 'gradcheck {bar} {percentage}% | {value}/{total} entries | eta {eta_formatted}',
      formatTime: (t, options, roundTo) =>
        Number(t) === 0 && !finished() ? '…' : cliProgress.Format.TimeFormat(t, options, roundTo),
    },
    cliProgress.Presets.shades_classic,
  );
  const created = Date.now();
  let started = false;
  let done = 0;
  let total = 1;
  const finished = () => done >= total;
  const stop = () => {
    process.off('SIGINT', interrupted);
    if (started) bar.stop();
  };
  // Ctrl-C: clear the bar's line, then end as an interrupted process does. Still listening while clearing: a second
  // SIGINT (timeout(1) signals the child, then its group) would otherwise end the process mid-write.
  const interrupted = () => {
    if (started) bar.stop();
    started = false;
    stop();
    process.kill(process.pid, 'SIGINT');
  };
  return {
    onProgress(now, of) {
      [done, total] = [now, of];
      if (!started) {
        if (seconds === 'unknown' && Date.now() - created < UNKNOWN_WORK_DELAY_MS) return;
        bar.start(total, 0);
        if (offThread) process.on('SIGINT', interrupted);
        started = true;
      }
      bar.update(done);
    },
    stop,
  };
}
