#!/usr/bin/env bash
# Runs every test: services on real SQLite, components (bUnit), the app over HTTP and in Debian's chromium.
# Installs what the tests need where it is missing, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} (apt-get)..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
dotnet build EscalationDesk.sln -nologo -v quiet
# The model must not have changes that no migration captures.
dotnet ef migrations has-pending-model-changes --project EscalationDesk --no-build
# Screenshots and traces of failed browser tests land here (BrowserArtifacts); start without last run's.
rm -rf TestResults/browser
dotnet test EscalationDesk.sln --no-build -nologo "$@"
