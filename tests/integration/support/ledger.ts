/**
 * Who handled which key how many times: proves "none lost" (every expected key seen) and
 * "duplicates bounded" (total deliveries minus distinct keys) without trusting the consumer.
 */
export class Ledger {
  private readonly seen = new Map<string, string[]>();

  record(key: string, by = 'consumer'): void {
    const owners = this.seen.get(key);
    if (owners) owners.push(by);
    else this.seen.set(key, [by]);
  }

  count(key: string): number {
    return this.seen.get(key)?.length ?? 0;
  }

  has(key: string): boolean {
    return this.seen.has(key);
  }

  get distinct(): number {
    return this.seen.size;
  }

  get deliveries(): number {
    let n = 0;
    for (const owners of this.seen.values()) n += owners.length;
    return n;
  }

  get duplicates(): number {
    return this.deliveries - this.distinct;
  }

  missing(expected: Iterable<string>): string[] {
    return [...expected].filter((key) => !this.seen.has(key));
  }

  handledBy(owner: string): number {
    let n = 0;
    for (const owners of this.seen.values()) n += owners.filter((o) => o === owner).length;
    return n;
  }

  keys(): string[] {
    return [...this.seen.keys()];
  }
}
