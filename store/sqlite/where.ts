// A WHERE clause built from optional filters, with its bound parameters in order.
export class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(clause: string, ...params: unknown[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  /** Adds the clause only when `value` is set; binds `param` (default: the value itself). */
  addIf(value: unknown, clause: string, param: unknown = value): this {
    return value === undefined ? this : this.add(clause, param);
  }

  toString(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : '1';
  }
}
