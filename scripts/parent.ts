/**
 * When the process that started this one dies without passing a signal on
 * (npm killed with SIGKILL, a shell closed), call `stop`: a podium process is
 * never left running with nobody to stop it.
 */
export function watchParent(stop: () => void) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();
}
