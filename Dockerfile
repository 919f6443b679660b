FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt
COPY . .
# A throwaway key for this one command: production refuses short or placeholder keys.
# The interface's translations, compiled with Babel (a dependency): no GNU gettext.
RUN python -m babel.messages.frontend -q compile -d locale -D django
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    python manage.py collectstatic --noinput
RUN useradd --create-home annals && mkdir -p /app/var /app/media && chown annals /app/var /app/media
USER annals
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-class", "gthread", "--threads", "4", "--timeout", "60"]
