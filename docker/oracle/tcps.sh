#!/usr/bin/env bash
# Test-only TCPS for the compose Oracle (docker/compose.test.yaml), run once by the image from
# /container-entrypoint-initdb.d after the database is created: a server wallet with the
# `localhost` certificate of docker/tls/make-certs.sh and its CA trusted (the CA that signed the
# client certificate too), a TCPS address on 2484 that requires a client certificate, then the
# listener restarted. orapki runs on the image's own JDK: the `-full` image keeps it (the slim and
# regular images remove $ORACLE_HOME/jdk and jlib).
set -euo pipefail

wallet=/opt/oracle/conformance-wallet
password=Conformance-wallet-1
admin="${ORACLE_BASE_HOME}/network/admin"

mkdir -p "$wallet"
orapki wallet create -wallet "$wallet" -pwd "$password" -auto_login
orapki wallet add -wallet "$wallet" -pwd "$password" -trusted_cert -cert /certs/ca.crt
orapki wallet import_pkcs12 -wallet "$wallet" -pwd "$password" \
  -pkcs12file /certs/oracle-server.p12 -pkcs12pwd Conformance-p12-1
orapki wallet display -wallet "$wallet"

location="(SOURCE = (METHOD = FILE)(METHOD_DATA = (DIRECTORY = ${wallet})))"

# The image's listener.ora (IPC and TCP 1521), plus TCPS 2484 and its wallet.
cat > "${admin}/listener.ora" <<LISTENER
LISTENER =
  (DESCRIPTION_LIST =
    (DESCRIPTION =
      (ADDRESS = (PROTOCOL = IPC)(KEY = EXTPROC_FOR_${ORACLE_SID}))
      (ADDRESS = (PROTOCOL = TCP)(HOST = 0.0.0.0)(PORT = 1521))
      (ADDRESS = (PROTOCOL = TCPS)(HOST = 0.0.0.0)(PORT = 2484))
    )
  )

DEFAULT_SERVICE_LISTENER = ${ORACLE_SID}
WALLET_LOCATION = ${location}
SSL_CLIENT_AUTHENTICATION = TRUE
LISTENER

# The server processes read the same wallet and the same client-certificate rule.
cat >> "${admin}/sqlnet.ora" <<SQLNET
WALLET_LOCATION = ${location}
SSL_CLIENT_AUTHENTICATION = TRUE
SQLNET

lsnrctl stop
lsnrctl start
# Register the services with the restarted listener now rather than at the next LREG cycle.
echo 'ALTER SYSTEM REGISTER;' | sqlplus -s / as sysdba
