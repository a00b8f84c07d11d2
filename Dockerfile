# hrmatch web, worker and beat image.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e . 
COPY . .
RUN DJANGO_SECRET_KEY=build-only-key-build-only-key-build-only-key-0123456789 python manage.py compilemessages -v0 \
 && DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-key-build-only-key-build-only-key-0123456789 \
    python manage.py collectstatic --noinput -v0
RUN useradd --system --uid 1000 hrmatch && chown -R hrmatch /app
USER hrmatch
EXPOSE 8000
CMD ["gunicorn", "hrmatch.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
