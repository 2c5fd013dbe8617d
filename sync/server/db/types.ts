// The one database interface the platform uses. Two implementations (PGlite embedded, PostgreSQL via pg)
// run the same SQL, so everything above this file is backend-agnostic.

export interface QueryResult<Row> {
  rows: Row[];
}

export interface Queryable {
  /** Positional parameters ($1, $2, ...). JSON goes in as a string with an explicit ::jsonb cast. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs fn in one transaction: all of it is committed, or (on throw) none of it. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
