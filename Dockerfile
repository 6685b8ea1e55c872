# Production image: the same code as the embedded default, run by gunicorn and Celery.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app

COPY requirements.txt requirements-s3.txt ./
# --build-arg WITH_S3=1 adds the optional S3 storage backend (FILE_STORAGE=s3).
ARG WITH_S3=""
RUN pip install --no-cache-dir -r requirements.txt \
 && if [ -n "$WITH_S3" ]; then pip install --no-cache-dir -r requirements-s3.txt; fi

COPY . .
# collectstatic needs settings that import; the real secrets arrive at run time.
RUN DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && mkdir -p var/media \
 && useradd --system --home /app hotline && chown -R hotline /app
USER hotline

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
