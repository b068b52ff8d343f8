import { FetErrorCode } from '../../common/errors/fet-error-code';
import { EngineType, SslMode } from '../../engines/engine';

/** One `name=value` of a URI's options, both decoded as the form decodes them. */
export interface UriOption {
  name: string;
  value: string;
}

/** One thing a URI says that the service refuses: its FET code, the `fields` key and why (never a value). */
export interface UriProblem {
  code: FetErrorCode;
  field: string;
  why: string;
}

/** What a readable URI says, in the create body's terms (absent where the URI says nothing). */
export interface UriConnection {
  type: EngineType;
  host: string;
  port: number;
  databaseName?: string;
  userName?: string;
  password?: string;
  schema?: string;
  sslMode?: SslMode;
  /** What the URI's options say. */
  metadata: Record<string, string>;
  /** What the URI implies without saying it (a MongoDB URI's authentication database): the body may differ. */
  impliedMetadata: Record<string, string>;
}

/**
 * A URI as the import reads it: the connection it describes and what is wrong with it; no
 * connection when the URI cannot be read at all (then one FET-0001 problem on `uri`).
 */
export interface UriReading {
  connection?: UriConnection;
  problems: UriProblem[];
}

/** The reading of a URI that cannot be read: FET-0001 on `uri`, saying why in words of our own. */
export function unreadable(why: string): UriReading {
  return { problems: [{ code: FetErrorCode.BadRequest, field: 'uri', why }] };
}

/** Thrown inside the readers where the URI stops being readable; caught by readConnectionUri only. */
export class UnreadableUri extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'UnreadableUri';
  }
}

/** `decodeURIComponent`, where malformed %-encoding makes the URI unreadable. */
export function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UnreadableUri('has malformed percent-encoding');
  }
}

/**
 * `a=1&b=2` (no leading `?`): each option's name and value %-decoded (`+` stays a plus, as in
 * RFC 3986 and libpq); empty segments are skipped, a segment without `=` has an empty value.
 */
export function queryOptions(query: string): UriOption[] {
  const options: UriOption[] = [];
  for (const segment of query.split('&')) {
    if (segment === '') continue;
    const equals = segment.indexOf('=');
    const name = percentDecoded(equals < 0 ? segment : segment.slice(0, equals));
    if (name.trim() === '') throw new UnreadableUri('has an option without a name');
    options.push({ name, value: percentDecoded(equals < 0 ? '' : segment.slice(equals + 1)) });
  }
  return options;
}

/** A port written in a URI: 1 to 5 digits (the create rules judge its range); anything else is unreadable. */
export function portNumber(text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new UnreadableUri('has a port that is not a number');
  return Number(text);
}
