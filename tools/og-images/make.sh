#!/bin/sh
# Makes the link-preview image of every language of the site: a 1200×630 PNG
# with the site's name and tagline in that language, static/og/<lang>.png.
#
# The text comes from site.toml: each [languages.xx] title is "Name – tagline".
# Each card is card.html filled in and photographed with headless Chromium.
#
# Needs (Debian): chromium fonts-noto-core perl
# Optional, to make the files smaller: optipng
#   apt-get install chromium fonts-noto-core optipng
#
# Run from anywhere: tools/og-images/make.sh [site folder]  (default: the repository)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
site=${1:-$(cd "$here/../.." && pwd)}
chromium=${CHROMIUM:-/usr/bin/chromium}
out="$site/static/og"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# "code<TAB>direction<TAB>title" for each language table of site.toml.
awk '
  /^\[languages\.[a-zA-Z-]+\]/ { code = $0; sub(/^\[languages\./, "", code); sub(/\].*$/, "", code); dir = ""; title = ""; next }
  /^\[/ { code = "" }
  code != "" && /^direction *=/ { dir = $0; sub(/^[^"]*"/, "", dir); sub(/".*$/, "", dir) }
  code != "" && /^title *=/ { title = $0; sub(/^[^"]*"/, "", title); sub(/"[^"]*$/, "", title); titles[code] = title; order[++n] = code; dirs[code] = dir }
  code != "" && /^direction *=/ { dirs[code] = dir }
  END { for (i = 1; i <= n; i++) printf "%s\t%s\t%s\n", order[i], (dirs[order[i]] == "" ? "-" : dirs[order[i]]), titles[order[i]] }
' "$site/site.toml" > "$work/languages.tsv"

while IFS="$(printf '\t')" read -r code dir title; do
  if [ "$dir" = "-" ]; then
    case "$code" in
      ar|fa|ps|ur|he|yi|ckb|dv|sd|ug) dir=rtl ;;
      *) dir=ltr ;;
    esac
  fi
  # "Lotse – Guide for newcomers to Germany": the name, then the tagline.
  name=${title%% – *}
  line=${title#* – }
  [ "$line" = "$title" ] && line=""
  LANG_CODE=$code DIR=$dir NAME=$name LINE=$line perl -CSD -pe '
    sub esc { my $t = shift; $t =~ s/&/&amp;/g; $t =~ s/</&lt;/g; $t =~ s/>/&gt;/g; $t =~ s/"/&quot;/g; $t }
    s/\{\{LANG\}\}/esc($ENV{LANG_CODE})/ge; s/\{\{DIR\}\}/esc($ENV{DIR})/ge;
    s/\{\{NAME\}\}/esc(decode_utf8($ENV{NAME}))/ge; s/\{\{LINE\}\}/esc(decode_utf8($ENV{LINE}))/ge;
    BEGIN { use Encode qw(decode_utf8) }
  ' "$here/card.html" > "$work/$code.html"
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1200,630 --screenshot="$work/$code.png" "file://$work/$code.html" \
    >/dev/null 2>&1
  if command -v optipng >/dev/null 2>&1; then
    optipng -quiet -o2 -strip all "$work/$code.png"
  fi
  cp "$work/$code.png" "$out/$code.png"
  echo "static/og/$code.png: $name – $line"
done < "$work/languages.tsv"
