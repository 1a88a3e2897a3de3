FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TZ=Asia/Bangkok
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-thai-tlwg fontconfig tzdata \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY models ./models
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --create-home khetbot && mkdir -p /data && chown khetbot /data

USER khetbot
ENV KHETBOT_DATA_DIR=/data DATABASE_URL=sqlite:////data/khetbot.db
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
# one worker on the embedded SQLite default; with DATABASE_URL (PostgreSQL) and REDIS_URL set, run
# several: docker run … khetbot serve --host 0.0.0.0 --port 8000 --workers 4
CMD ["khetbot", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "1"]
