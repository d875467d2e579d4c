#!/bin/sh
# Create or migrate the database on the volume (safe to run again; several containers take turns
# through the write lock), then start Streamlit. OMRADEMONITOR_INIT_ARGS=--no-demo for production.
# OMRADEMONITOR_READ_REPLICA=1: the database is a published copy on a read-only volume; start at once.
set -eu
if [ "${OMRADEMONITOR_READ_REPLICA:-0}" != "1" ]; then
    # shellcheck disable=SC2086  # the arguments are meant to split
    python -m omrademonitor init ${OMRADEMONITOR_INIT_ARGS:-}
fi
exec python -m ui.serve app.py \
    --server.port 8501 --server.address 0.0.0.0 --server.headless true \
    --browser.gatherUsageStats false "$@"
