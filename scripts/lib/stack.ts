/** Something the local stack started and must stop on exit. */
export interface RunningService {
  name: string;
  stop: () => Promise<void>;
}

/** What `npm start` runs, started one after another and stopped in reverse order, whatever failed. */
export class LocalStack {
  private readonly running: RunningService[] = [];
  private stopping: Promise<void> | undefined;

  async start<T extends RunningService>(starting: () => Promise<T>): Promise<T> {
    if (this.stopping) throw new Error('The local stack is stopping');
    const service = await starting();
    if (this.stopping) {
      // Stopped while this was starting: it is not in the list the stop walks, so stop it here.
      await service.stop();
      throw new Error('The local stack is stopping');
    }
    this.running.push(service);
    return service;
  }

  /** Stops everything started so far, last first; a service that fails to stop does not keep the others running. */
  stop(log: (line: string) => void): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of this.running.reverse()) {
        try {
          await service.stop();
        } catch (error) {
          log(`Could not stop ${service.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.stopping;
  }
}
