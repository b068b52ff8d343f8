#!/usr/bin/env sh
# Test-only TLS material for docker/compose.test.yaml (never for anything real): a CA, a second CA
# that signed nothing, and a server certificate for `localhost` signed by the first, in
# docker/tls/out/. The engine servers read server.crt/server.key (MongoDB: server.pem); the
# conformance suite reads ca.crt and wrong-ca.crt. Run once before `docker compose up`.
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
# The servers run as their own users (mssql: 10001, mongodb: 999): test keys are world-readable.
chmod 644 ./*
echo "TLS material in $out"
