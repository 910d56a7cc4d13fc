#!/usr/bin/env bash
# Behind pgbouncer in transaction mode, an application role that does SET
# LOCAL ROLE per transaction for interleaved users, from concurrent clients
# sharing two server connections, always sees exactly that user's rows.
source "$(dirname "$0")/common.bash"
echo "1..4"
ats_demo_database infra_pool
ats_psql infra_pool -c "CREATE ROLE ats_app LOGIN NOINHERIT" \
    -c "DO \$\$ DECLARE r name; BEGIN
          FOR r IN SELECT role_name FROM ats_acl.users LOOP
              EXECUTE format('GRANT %I TO ats_app', r);
          END LOOP; END \$\$" >/dev/null
mapfile -t expected < <(ats_fingerprints infra_pool)
users=()
declare -A want
for line in "${expected[@]}"; do
    users+=("${line%% *}")
    want[${line%% *}]=${line#* }
done

bport=$((PGPORT + 2))
conf="$ATS_CLUSTER_DIR/pgbouncer.ini"
cat >"$conf" <<INI
[databases]
infra_pool = host=$PGHOST port=$PGPORT dbname=infra_pool
[pgbouncer]
listen_addr =
listen_port = $bport
unix_socket_dir = $ATS_CLUSTER_DIR
auth_type = trust
auth_file = $ATS_CLUSTER_DIR/userlist.txt
pool_mode = transaction
default_pool_size = 2
max_client_conn = 50
logfile = $ATS_CLUSTER_DIR/pgbouncer.log
pidfile = $ATS_CLUSTER_DIR/pgbouncer.pid
INI
echo '"ats_app" ""' >"$ATS_CLUSTER_DIR/userlist.txt"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$conf" "$ATS_CLUSTER_DIR/userlist.txt"; fi
stop_pgbouncer() {
    [ -f "$ATS_CLUSTER_DIR/pgbouncer.pid" ] && kill "$(cat "$ATS_CLUSTER_DIR/pgbouncer.pid")" 2>/dev/null
    return 0
}
trap stop_pgbouncer EXIT
ats_as_pg pgbouncer -d "$conf"
ats_tap_ok $? "pgbouncer started in transaction mode with a pool of 2 server connections"
sleep 0.5

# One client: 12 transactions, each as the next user in its own order.
client() {
    local c=$1 bad=0
    for i in $(seq 0 11); do
        local u=${users[$(( (i * 7 + c * 3) % ${#users[@]} ))]}
        local got
        got=$("$ATS_PG_BIN/psql" -X -At -h "$ATS_CLUSTER_DIR" -p "$bport" -U ats_app -d infra_pool \
              -c "BEGIN; SET LOCAL ROLE $u; SELECT ats_infra.fingerprint(); COMMIT;" 2>&1 | grep -v '^BEGIN$\|^SET$\|^COMMIT$')
        if [ "$got" != "${want[$u]}" ]; then
            echo "client $c, transaction $i as $u: got $got" >&2
            bad=$((bad + 1))
        fi
    done
    echo "$bad" >"$ATS_CLUSTER_DIR/client.$c"
}
for c in 1 2 3 4 5 6; do client "$c" & done
wait
bad=$(cat "$ATS_CLUSTER_DIR"/client.* | awk '{s += $1} END {print s + 0}')
[ "$bad" -eq 0 ]
ats_tap_ok $? "72 interleaved transactions from 6 concurrent clients: each saw exactly its user's rows ($bad wrong)"

# Without SET LOCAL ROLE the pooling role holds nobody's rights.
"$ATS_PG_BIN/psql" -X -At -h "$ATS_CLUSTER_DIR" -p "$bport" -U ats_app -d infra_pool \
    -c "SELECT count(*) FROM ats.jobs" >/dev/null 2>&1
[ $? -ne 0 ]
ats_tap_ok $? "the pooling role itself reads nothing (NOINHERIT, not an ATS user)"

# A transaction that fails after SET LOCAL ROLE leaves no role behind.
"$ATS_PG_BIN/psql" -X -At -h "$ATS_CLUSTER_DIR" -p "$bport" -U ats_app -d infra_pool \
    -c "BEGIN; SET LOCAL ROLE ${users[0]}; SELECT 1/0;" >/dev/null 2>&1
after=$("$ATS_PG_BIN/psql" -X -At -h "$ATS_CLUSTER_DIR" -p "$bport" -U ats_app -d infra_pool \
        -c "SELECT current_user" 2>&1)
[ "$after" = ats_app ]
ats_tap_ok $? "after a failed transaction the next one runs as the pooling role again ($after)"
exit "$ATS_TAP_FAILED"
