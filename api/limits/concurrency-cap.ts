/** At most `max` holders per key at once, in this process's memory; a key with none is forgotten. */
export class ConcurrencyCap {
  private readonly held = new Map<string, number>();

  constructor(readonly max: number) {}

  /** A release function (calling it twice releases once), or null when the key already has `max` holders. */
  enter(key: string): (() => void) | null {
    const count = this.held.get(key) ?? 0;
    if (count >= this.max) return null;
    this.held.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(key) ?? 1) - 1;
      if (left > 0) this.held.set(key, left);
      else this.held.delete(key);
    };
  }
}
