// A reader that goes away (`firemend run … | grep -m1 reboot`, `| head`) must never stop a run half-way: a
// rollout left between `pmtool disablebyid` and the reboot that completes it is worse than any lost line.
// Node ignores SIGPIPE; a write to a closed pipe then fails with EPIPE, emitted as an 'error' event that, with
// no listener, ends the process. These listeners keep the process alive: output to a closed stream is dropped
// (said once on stderr when stdout closed), and the run, its files and its exit code go on as if nothing happened.

/** Install the listeners on stdout and stderr; call once, before anything is written. */
export function keepRunningWhenOutputCloses(streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process): void {
  let stdoutClosed = false;
  streams.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (stdoutClosed) return;
    stdoutClosed = true;
    // stderr may be closed too (`2>&1 | head`): its own listener swallows that.
    streams.stderr.write(`firemend: stdout was closed (${err.code ?? err.message}); the run goes on, its output to stdout is dropped\n`);
  });
  streams.stderr.on('error', () => {
    // Nowhere left to say it; the exit code and the files still tell.
  });
}
