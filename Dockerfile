# Områdemonitor as a container: the app on port 8501, the database on the /data volume.
# Build: docker build -t omrademonitor .    Run: docker compose up (see compose.yaml and README "Drift / production").
FROM python:3.11-slim-bookworm

# Chromium prints the reports and draws their charts (kaleido); poppler's pdftotext compares remade
# reports; DejaVu is the reports' font. tini reaps Chromium's child processes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core poppler-utils tini \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OMRADEMONITOR_DB=/data/omrademonitor.duckdb \
    HOME=/home/omrademonitor

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

RUN useradd --create-home --home-dir /home/omrademonitor --uid 10001 --user-group omrademonitor \
    && mkdir /data && chown omrademonitor:omrademonitor /data
COPY --chown=root:root . .
RUN chmod 0755 deploy/entrypoint.sh \
    && mkdir -p /app/static && chown omrademonitor:omrademonitor /app/static

USER omrademonitor
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deploy/entrypoint.sh"]
