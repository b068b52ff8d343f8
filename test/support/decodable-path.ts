/** Whether a request path is valid percent-encoding (else the service answers 400 before any route). */
export function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
