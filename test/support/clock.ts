/** A clock that stands still until a test moves it. */
export class TestClock {
  private current: number;

  constructor(start = '2026-06-01T09:00:00.000Z') {
    this.current = Date.parse(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }

  set(at: string): void {
    this.current = Date.parse(at);
  }
}
