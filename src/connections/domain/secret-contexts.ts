/**
 * The additional data each sealed secret is bound to: a value copied onto another row or another
 * field does not open. Sealing (the service) and re-sealing (key rotation) must agree on it.
 */
export const passwordContext = (id: string) => `connection:${id}:password`;
export const sslKeyContext = (id: string) => `connection:${id}:ssl.key`;
export const sshPrivateKeyContext = (id: string) => `connection:${id}:sshTunnel.privateKey`;
export const sshPassphraseContext = (id: string) => `connection:${id}:sshTunnel.passphrase`;
export const sshPasswordContext = (id: string) => `connection:${id}:sshTunnel.password`;
