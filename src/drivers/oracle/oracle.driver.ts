import { Injectable } from '@nestjs/common';
import { CatalogReadError } from '../catalog-read-error';
import {
  DatabaseDriver,
  DiscoveredTable,
  DiscoveryOptions,
  DriverCallContext,
  DriverError,
  DriverTarget,
  ProbeResult,
} from '../database-driver';
import { EngineDriver } from '../engine-driver.decorator';
import { remainingMs } from '../kit/deadline';
import {
  oracleCatalogStatement,
  OracleCatalogRow,
  oracleDefaultSchema,
  oracleTablesFromRows,
} from './oracle-catalog';
import { oracleConnectAttributes, oracleDial, oracleTlsIdentity } from './oracle-options';
import { OracleJobResult, OracleStatement } from './oracle-job';
import { runOracleJob } from './oracle-job-runner';

/**
 * Oracle through `oracledb` in thin mode (initOracleClient is never called), one connection per
 * call inside its own worker thread (see oracle-job-runner.ts for why), closed in the worker's
 * `finally` and the worker terminated afterwards.
 */
@EngineDriver()
@Injectable()
export class OracleDriver implements DatabaseDriver {
  readonly type = 'ORACLE' as const;

  async probe(target: DriverTarget, context: DriverCallContext): Promise<ProbeResult> {
    const result = await this.run(target, context, { sql: 'SELECT 1 FROM DUAL' });
    const stages = { authenticate: result.authenticateMs, query: result.queryMs };
    return result.serverVersion
      ? { serverVersion: `Oracle Database ${result.serverVersion}`, stages }
      : { stages };
  }

  async discover(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
  ): Promise<DiscoveredTable[]> {
    const defaultSchema = oracleDefaultSchema(target.schema, target.userName);
    const catalog = oracleCatalogStatement(options, defaultSchema);
    const result = await this.run(target, context, catalog).catch((error: unknown) => {
      // Connected, then the catalog query failed for a reason that says nothing about the connection.
      if (error instanceof DriverError && error.stage === 'query' && error.reason === 'UNKNOWN') {
        throw new CatalogReadError({ cause: error });
      }
      throw error;
    });
    try {
      return oracleTablesFromRows(
        result.results[0] as OracleCatalogRow[],
        options.schemas,
        defaultSchema,
      );
    } catch (error) {
      throw new CatalogReadError({ cause: error });
    }
  }

  /** One worker: connect, run the statement, report; every limit taken from the call's deadline. */
  private run(
    target: DriverTarget,
    context: DriverCallContext,
    statement: OracleStatement,
  ): Promise<OracleJobResult> {
    const job = {
      attributes: oracleConnectAttributes(target, context),
      dial: oracleDial(target),
      tlsIdentity: oracleTlsIdentity(target),
      queries: [statement],
      callTimeoutMs: remainingMs(context),
    };
    return runOracleJob(job, context.signal);
  }
}
