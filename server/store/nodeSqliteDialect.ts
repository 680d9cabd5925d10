import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';

/**
 * Kysely's SQLite dialect over Node's built-in `node:sqlite`. Kysely's own SqliteDialect is written
 * for better-sqlite3, whose statements tell whether they return rows (`reader`) and take an array of
 * parameters; node:sqlite's take them spread and report their result columns instead. This adapter
 * (rather than a third-party dialect package) is all the difference, so the query compiler,
 * introspector and per-process connection mutex stay Kysely's own.
 */
function adaptDatabase(database: DatabaseSync): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare(sqlText: string): SqliteStatement {
      const statement = database.prepare(sqlText);
      const values = (parameters: ReadonlyArray<unknown>) => parameters as SQLInputValue[];
      return {
        // A statement with result columns is a SELECT, or a write with RETURNING: both read rows.
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...values(parameters)),
        run: (parameters) => statement.run(...values(parameters)),
        iterate: (parameters) => statement.iterate(...values(parameters)),
      };
    },
  };
}

/**
 * Transactions start with BEGIN IMMEDIATE: the write lock is taken at the start, so a server and a
 * command line on the same file queue on the busy timeout instead of failing when a read
 * transaction tries to become a write one (SQLITE_BUSY, which no timeout retries).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite DDL is transactional: migrations run in one (immediate) transaction, which is their lock. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** The Kysely dialect of the embedded store. */
export class NodeSqliteDialect extends SqliteDialect {
  readonly #database: DatabaseSync;

  constructor(database: DatabaseSync) {
    super({ database: adaptDatabase(database) });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: adaptDatabase(this.#database) });
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
