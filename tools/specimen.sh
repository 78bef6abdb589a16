#!/usr/bin/env bash
# The README's specimen: the demo report assembled from the demo data in a fresh database, and pictures of its title
# page and of the page where the proceedings' second presentation begins, in docs/specimen/.
# Needs the .NET SDK, Debian's chromium (the app prints the PDF with it) and poppler-utils (pdftotext, pdftoppm).
# Run from anywhere: tools/specimen.sh
set -euo pipefail
cd "$(dirname "$0")/.."

out=docs/specimen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet run -c Release --project tests/Roundtable.Benchmarks -- specimen "$work"
pdf="$work/demo-report.pdf"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')

# The title page is the one that says what the report is; the proceedings page is where the second presentation
# begins: the second page naming it (the first is the contents).
title_page=""
proceedings_page=""
seen=0
for ((n = 1; n <= pages; n++)); do
  text=$(pdftotext -f "$n" -l "$n" -layout "$pdf" -)
  if [[ -z "$title_page" ]] && grep -q "Special report on the roundtable" <<<"$text"; then
    title_page=$n
  fi
  if grep -qi "Second Presentation" <<<"$text"; then
    seen=$((seen + 1))
    if [[ $seen -eq 2 ]]; then
      proceedings_page=$n
    fi
  fi
done
if [[ -z "$title_page" || -z "$proceedings_page" ]]; then
  echo "specimen: title page (${title_page:-not found}) or proceedings page (${proceedings_page:-not found}) missing in $pdf" >&2
  exit 1
fi

mkdir -p "$out"
pdftoppm -png -r 72 -singlefile -f "$title_page" -l "$title_page" "$pdf" "$out/title-page"
pdftoppm -png -r 72 -singlefile -f "$proceedings_page" -l "$proceedings_page" "$pdf" "$out/proceedings-page"
echo "specimen: $out/title-page.png (page $title_page), $out/proceedings-page.png (page $proceedings_page)"
