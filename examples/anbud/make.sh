#!/usr/bin/env bash
# The three fictitious tenders of examples/affarssystem.yaml, made the way suppliers make them:
# kravkat writes the answer sheet, and a spreadsheet program (openpyxl, through
# tests/support/fill_sheet.py) fills it in as each JSON file beside this script says. Run it
# again after changing the profile: a sheet is tied to the profile version it was made from.
#   Alfa: every Ska met, 1.12 and VK-2 fulfilled (250 000 kr of mervärde).
#   Beta: every Ska met, only VK-3 fulfilled (75 000 kr); the lower price.
#   Gamma: the lowest price, but Nej on the Ska requirement 1.9 and no answer on VK-1.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -- build examples/affarssystem.yaml -f xlsx -o "$tmp/svar.xlsx" -q
for tender in alfa beta gamma; do
  python3 tests/support/fill_sheet.py "$tmp/svar.xlsx" "examples/anbud/$tender.xlsx" "examples/anbud/$tender.json"
done
cargo run --quiet -- evaluate examples/affarssystem.yaml examples/anbud/*.xlsx
