import cliProgress from 'cli-progress';
import type { Progress } from '../numeric/gradient.js';
import type { Format } from './program.js';

/** Per-row σ evaluations a second, roughly, on a slow machine: decides whether a bar is worth drawing. */
const EVALUATIONS_PER_SECOND = 5e7;

/**
 * A progress bar on stderr for checks that will take more than about half a second,
 * only when a person is watching a human format: never in JSON or piped output.
 */
export function progressFor(
  format: Format,
  interactive: boolean,
  stderr: NodeJS.WritableStream,
  work: number,
): { onProgress?: Progress; stop(): void } {
  if (!interactive || (format !== 'table' && format !== 'markdown') || work / EVALUATIONS_PER_SECOND < 0.5) return { stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      // linewrap null: leave the terminal's wrapping alone, so that Ctrl-C cannot leave it off.
      stream: stderr as NodeJS.WriteStream,
      clearOnComplete: true,
      hideCursor: false,
      linewrap: null,
      format: 'gradcheck {bar} {percentage}% | {value}/{total} entries | eta {eta_formatted}',
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}
