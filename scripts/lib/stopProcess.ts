import type { ChildProcess } from 'node:child_process';

/** Asks a child to stop (SIGTERM), kills it after 5 s if it has not, and resolves once it has exited. */
export async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
