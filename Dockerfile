# The portal's one image: gunicorn (web), the Celery worker and beat, and one-off
# management commands all run from it. Build context: the repository root.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango for WeasyPrint; a CJK font (or Chinese PDFs show empty boxes) and HarfBuzz's
# subsetter (or each CJK PDF takes seconds); poppler for page counts and previews;
# ffmpeg for ffprobe on videos; LibreOffice Impress, headless, to turn PPT/PPTX into PDF.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 \
      libpangoft2-1.0-0 \
      libharfbuzz-subset0 \
      fonts-noto-cjk \
      poppler-utils \
      ffmpeg \
      libreoffice-impress-nogui \
 && rm -rf /var/lib/apt/lists/*

# An unprivileged user with a home: LibreOffice writes its profile there.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image (STATIC_ROOT=/app/staticfiles) and served by
# WhiteNoise, and the compact CJK fonts of the PDFs are built into it (/app/.cache/fonts);
# the key below exists only for this command, production sets its own.
# /app/media is created owned by the app user so that the named volume mounted there
# starts with the right owner.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    python manage.py collectstatic --no-input -v 0 \
 && mkdir -p /app/media \
 && chown app:app /app/media \
 && python -m documents.fonts

USER app

EXPOSE 8000

# Workers × threads requests at once; gthread workers keep answering health checks while
# a thread streams a slow upload. Overridden by the worker and beat services.
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --threads ${GUNICORN_THREADS:-4} --timeout ${GUNICORN_TIMEOUT:-120} --graceful-timeout 30 --worker-tmp-dir /dev/shm"]
