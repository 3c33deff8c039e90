#!/usr/bin/env bash
# Runs every test: services on real SQLite, components (bUnit), the app over HTTP and in Debian's chromium; then the
# service and data tests and two full browser journeys again on PostgreSQL (Debian's package, started where it is not
# running, with a role made for this run and dropped at the end).
# Installs what the tests need where it is missing, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} (apt-get)..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# PostgreSQL: the first cluster of Debian's postgresql-common, made and started where needed; this run's own role may
# create databases (each test class makes and drops its own, see EscalationDesk.Tests/Infrastructure/PostgresTestServer.cs).
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  $SUDO pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -1)" main >/dev/null
fi
read -r pg_version pg_cluster pg_port pg_status _ < <(pg_lsclusters -h | head -1)
pg_started=""
if [ "$pg_status" != "online" ]; then
  $SUDO pg_ctlcluster "$pg_version" "$pg_cluster" start
  pg_started=1
fi
as_postgres() { (cd /tmp && $SUDO runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -qAt "$@"); }
pg_role="escalationdesk_test_$$"
pg_password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
as_postgres -c "CREATE ROLE $pg_role LOGIN CREATEDB PASSWORD '$pg_password'" -c "GRANT pg_signal_backend TO $pg_role" \
  -c "CREATE DATABASE $pg_role OWNER $pg_role"
cleanup_postgres() {
  for db in $(as_postgres -c "SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = '$pg_role')"); do
    as_postgres -c "DROP DATABASE \"$db\" WITH (FORCE)" || true
  done
  as_postgres -c "DROP ROLE IF EXISTS $pg_role" || true
  if [ -n "$pg_started" ]; then $SUDO pg_ctlcluster "$pg_version" "$pg_cluster" stop || true; fi
}
trap cleanup_postgres EXIT
export ESCALATIONDESK_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Database=$pg_role;Username=$pg_role;Password=$pg_password"

dotnet tool restore >/dev/null
dotnet build EscalationDesk.sln -nologo -v quiet
# The model must not have changes that no migration captures, for either engine's migrations set.
dotnet ef migrations has-pending-model-changes --project EscalationDesk --no-build
Database__Provider=Postgres ConnectionStrings__EscalationDesk="Host=127.0.0.1" \
  dotnet ef migrations has-pending-model-changes --project EscalationDesk --no-build
# Screenshots and traces of failed browser tests land here (BrowserArtifacts); start without last run's.
rm -rf TestResults/browser
dotnet test EscalationDesk.sln --no-build -nologo "$@"
# The same services and data on PostgreSQL (components and browser tests do not depend on the engine), plus two full
# journeys in the browser: one through the lifecycle, one through similar reports and the three-customer pattern.
ESCALATIONDESK_TEST_PROVIDER=Postgres dotnet test EscalationDesk.Tests --no-build -nologo --filter \
  "(FullyQualifiedName!~EscalationDesk.Tests.EndToEnd&FullyQualifiedName!~EscalationDesk.Tests.Components)|(FullyQualifiedName~EscalationJourneys&(DisplayName~bug-for-engineering|DisplayName~pattern-across-three))"
