import { after, before } from 'node:test';
import type { Engine } from '../engines/catalog.js';
import { openDuckDB } from '../engines/duckdb.js';
import { openPostgres, type PostgresEngine } from '../engines/postgres.js';
import { openClickHouse, type ClickHouseEngine } from './chdb.js';
import { startZetaSQL, type ZetaSQL } from './zetasql.js';

/** RuntimeEngines are the engines the Metaxy-runtime tests run on: PostgreSQL, DuckDB, chDB and ZetaSQL. */
export interface RuntimeEngines {
  pg: PostgresEngine;
  duck: Engine;
  ch: ClickHouseEngine;
  zeta: ZetaSQL;
}

/** useRuntimeEngines opens every engine before a test file's tests (filling in the object it returns) and closes them after. */
export function useRuntimeEngines(): RuntimeEngines {
  const e = {} as RuntimeEngines;
  before(async () => {
    [e.pg, e.duck, e.zeta] = await Promise.all([openPostgres(), openDuckDB(), startZetaSQL()]);
    e.ch = openClickHouse();
  });
  after(async () => {
    await Promise.all([e.pg.close(), e.duck.close()]);
    e.ch.close();
    e.zeta.close();
  });
  return e;
}
