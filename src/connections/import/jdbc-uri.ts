import { UnreadableUri, UriOption, portNumber, queryOptions } from './uri-reading';

/** The address of a JDBC form, its path (Oracle's service) and its options, as written. */
export interface JdbcParts {
  host: string;
  port?: number;
  service?: string;
  options: UriOption[];
}

/**
 * `host`, `host:port`, `[v6]` or `[v6]:port`, with no account before it and one host only. The
 * host is taken as written (the create rules judge it); an empty one is unreadable.
 */
function address(text: string): { host: string; port?: number } {
  if (text.includes('@')) {
    throw new UnreadableUri(
      'must not have user@ before the host: give user and password as options',
    );
  }
  if (text.includes(',')) throw new UnreadableUri('must name exactly one host');
  let host = text;
  let port: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new UnreadableUri('has an IPv6 address without its closing ]');
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      throw new UnreadableUri('has text after the IPv6 address');
    if (after !== '') port = after.slice(1);
  } else {
    const colon = text.indexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      port = text.slice(colon + 1);
    }
  }
  if (host.trim() === '') throw new UnreadableUri('must name a host');
  return { host, port: port === undefined ? undefined : portNumber(port) };
}

/**
 * JDBC properties after the address: `name=value` separated by `;` (empty segments skipped). A
 * value in braces is taken as it is, `;` included, `}}` standing for `}`; other values are
 * trimmed. Nothing is %-decoded (JDBC does not).
 */
export function jdbcProperties(text: string): UriOption[] {
  const options: UriOption[] = [];
  let at = 0;
  while (at < text.length) {
    const semicolon = text.indexOf(';', at);
    const end = semicolon < 0 ? text.length : semicolon;
    const equals = text.indexOf('=', at);
    if (equals < 0 || equals > end) {
      if (text.slice(at, end).trim() !== '') {
        throw new UnreadableUri(
          'has a property without =: properties are name=value, separated by ;',
        );
      }
      at = end + 1;
      continue;
    }
    const name = text.slice(at, equals).trim();
    if (name === '') throw new UnreadableUri('has an option without a name');
    let cursor = equals + 1;
    while (text[cursor] === ' ') cursor += 1;
    if (text[cursor] !== '{') {
      options.push({ name, value: text.slice(equals + 1, end).trim() });
      at = end + 1;
      continue;
    }
    let value = '';
    cursor += 1;
    for (;;) {
      if (cursor >= text.length) throw new UnreadableUri('has a { value } without its closing }');
      if (text[cursor] === '}') {
        if (text[cursor + 1] !== '}') break;
        cursor += 1;
      }
      value += text[cursor];
      cursor += 1;
    }
    cursor += 1;
    while (text[cursor] === ' ') cursor += 1;
    if (cursor < text.length && text[cursor] !== ';')
      throw new UnreadableUri('has text after a { value }');
    options.push({ name, value });
    at = cursor + 1;
  }
  return options;
}

/** `jdbc:sqlserver://` + `host[:port][;name=value…]`: the database and the account come as properties. */
export function readJdbcSqlServer(rest: string): JdbcParts {
  const semicolon = rest.indexOf(';');
  const head = semicolon < 0 ? rest : rest.slice(0, semicolon);
  if (/[/?]/.test(head)) {
    throw new UnreadableUri(
      'must have no path or ? after the host: give databaseName=… as a property',
    );
  }
  return {
    ...address(head),
    options: semicolon < 0 ? [] : jdbcProperties(rest.slice(semicolon + 1)),
  };
}

/**
 * `jdbc:oracle:thin:@//` + `host[:port]/service`, then options either as a query
 * (`?user=…&password=…`, %-decoded, no `#`) or as properties (`;user=…;password=…`, as in
 * jdbcProperties).
 */
export function readJdbcOracle(rest: string): JdbcParts {
  const cut = rest.search(/[?;]/);
  const head = cut < 0 ? rest : rest.slice(0, cut);
  const tail = cut < 0 ? '' : rest.slice(cut);
  if (head.includes('#') || (tail.startsWith('?') && tail.includes('#'))) {
    throw new UnreadableUri('must not have a #fragment');
  }
  const slash = head.indexOf('/', head.startsWith('[') ? head.indexOf(']') : 0);
  const service = slash < 0 ? '' : head.slice(slash + 1);
  if (/[/:]/.test(service)) throw new UnreadableUri('must have only a service name after the host');
  const options = tail.startsWith('?')
    ? queryOptions(tail.slice(1))
    : tail.startsWith(';')
      ? jdbcProperties(tail.slice(1))
      : [];
  return {
    ...address(slash < 0 ? head : head.slice(0, slash)),
    ...(service === '' ? {} : { service }),
    options,
  };
}
