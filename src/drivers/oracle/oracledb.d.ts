/** The part of oracledb's API the service uses (it ships no types; names as in @types/oracledb). */
declare module 'oracledb' {
  /** Thin-mode connect attributes, as the service sets them. */
  interface ConnectionAttributes {
    user: string;
    password: string;
    connectString: string;
    /** Seconds (oracledb wants whole seconds). */
    connectTimeout: number;
    transportConnectTimeout: number;
    walletContent?: string;
    sslServerDNMatch?: boolean;
  }

  interface Result {
    rows?: unknown[][];
  }

  interface Connection {
    /** Milliseconds a round trip may take. */
    callTimeout: number;
    readonly oracleServerVersionString: string;
    execute(
      sql: string,
      binds: unknown[] | Record<string, string>,
      options: { outFormat: number },
    ): Promise<Result>;
    close(): Promise<void>;
  }

  const OUT_FORMAT_ARRAY: number;

  function getConnection(attributes: ConnectionAttributes): Promise<Connection>;
}
