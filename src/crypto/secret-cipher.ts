/**
 * Port: seals a secret so that it can be stored, and opens it again. `context` binds the
 * ciphertext to its owner (the connection id and the field), so a sealed value copied onto
 * another row or field does not open.
 */
export abstract class SecretCipher {
  abstract seal(plaintext: string, context: string): string;
  abstract open(sealed: string, context: string): string;
  /** Key id a sealed value was made with (for rotation). */
  abstract keyIdOf(sealed: string): string;
  abstract get activeKeyId(): string;
}
