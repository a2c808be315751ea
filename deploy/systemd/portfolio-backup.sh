#!/bin/sh
# One backup of the portfolio-opt database, then rotation: keeps the newest BACKUP_KEEP backups.
# Run nightly by portfolio-backup.timer; runs by hand too (with the same environment file):
#   set -a; . /etc/portfolio-opt/portfolio.env; set +a; deploy/systemd/portfolio-backup.sh
#
# BACKUP_DIR      where backups go (default /var/lib/portfolio-opt/backups)
# BACKUP_KEEP     how many to keep (default 14: two weeks of nights)
# PORTFOLIO_HOME  the installed application (default /opt/portfolio-opt)
# NODE            the node binary (default: node on PATH)
# DATABASE_URL    the database, as for the API (sqlite:… gives a .sqlite copy, postgres://… a dump)
set -eu

dir="${BACKUP_DIR:-/var/lib/portfolio-opt/backups}"
keep="${BACKUP_KEEP:-14}"
home="${PORTFOLIO_HOME:-/opt/portfolio-opt}"
node="${NODE:-node}"

case "$keep" in
  ''|*[!0-9]*) echo "portfolio-backup: BACKUP_KEEP must be a positive integer (got '$keep')" >&2; exit 2 ;;
esac
if [ "$keep" -lt 1 ]; then
  echo "portfolio-backup: BACKUP_KEEP must be at least 1" >&2
  exit 2
fi

case "${DATABASE_URL:-sqlite:}" in
  sqlite:*) ext=sqlite ;;
  *) ext=jsonl.gz ;;
esac

mkdir -p "$dir"
# UTC timestamps sort in time order, so rotation sorts by name, not by modification time.
stamp=$(date -u +%Y-%m-%dT%H-%M-%SZ)
file="$dir/portfolio-$stamp.$ext"
"$node" "$home/bin/portfolio.js" backup "$file"

# Rotation: the newest $keep backups stay (this one included); a failed backup above exits
# before this point, so old backups are never removed without a new one in place.
ls -1 "$dir" | grep -E '^portfolio-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}Z\.(sqlite|jsonl\.gz)$' \
  | sort -r | tail -n +"$((keep + 1))" | while read -r old; do
    rm -f -- "$dir/$old"
    echo "portfolio-backup: removed $old (keeping the newest $keep)"
  done
