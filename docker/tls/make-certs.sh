#!/usr/bin/env sh
# Test-only TLS material for docker/compose.test.yaml (never for anything real): a CA, a second CA
# that signed nothing, a server certificate for `localhost` and a client certificate
# (CN conformance-client), both signed by the first, in docker/tls/out/. The engine servers read
# server.crt/server.key (MongoDB: server.pem; Oracle: oracle-server.p12, imported into its wallet by
# docker/oracle/tcps.sh); the conformance suite reads ca.crt, wrong-ca.crt and client.crt/client.key.
# Run once before `docker compose up`.
set -eu
out="$(dirname "$0")/out"
mkdir -p "$out"
cd "$out"
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
for ca in ca wrong-ca; do
  # shellcheck disable=SC2086
  openssl req -x509 $ec -days 30 -subj "/CN=conformance-$ca" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$ca.key" -out "$ca.crt" 2>/dev/null
done
# RSA for the server: SQL Server's TLS stack does not load EC keys on every version.
openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
  -extfile server.ext -out server.crt 2>/dev/null
cat server.crt server.key > server.pem
# Oracle's wallet takes the server key and certificate as PKCS#12 (orapki wallet import_pkcs12);
# SHA-1/3DES, which every orapki reads. Its password is test-only, like everything here.
openssl pkcs12 -export -inkey server.key -in server.crt -name localhost \
  -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 \
  -passout pass:Conformance-p12-1 -out oracle-server.p12
# The client certificate the Oracle TCPS listener requires (SSL_CLIENT_AUTHENTICATION=TRUE).
# shellcheck disable=SC2086
openssl req $ec -subj /CN=conformance-client -keyout client.key -out client.csr 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
  -extfile client.ext -out client.crt 2>/dev/null
# The servers run as their own users (mssql: 10001, mongodb: 999, oracle: 54321): test keys are
# world-readable.
chmod 644 ./*
echo "TLS material in $out"
