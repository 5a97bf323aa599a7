# syntax=docker/dockerfile:1
# duban: build stage fetches every locked file (hash-checked) and builds the project's wheel; the
# runtime stage is a slim image with a virtualenv of the runtime dependencies only, as a non-root user.
#   docker build -t duban .
#   docker run --no-healthcheck -e DUBAN_DATABASE_URL=postgres://... duban python -m main migrate
#   docker run -p 8000:8000 -e DUBAN_DATABASE_URL=postgres://... -e DUBAN_AUDIT_KEY=... duban
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY requirements.lock ./
# Every file pip fetches is checked against requirements.lock's SHA-256 (the test tools included:
# the lock is one; only what the project needs is installed below).
RUN pip wheel --require-hashes -r requirements.lock --wheel-dir /wheels
COPY pyproject.toml README.md main.py ./
COPY schema/ schema/
COPY resolvers/ resolvers/
COPY models/ models/
COPY jobs/ jobs/
COPY migrations/ migrations/
COPY bench/ bench/
# The project's wheel with the locked setuptools, then a virtualenv with it and its dependencies,
# resolved from the hash-checked wheels alone (nothing from the network).
RUN pip install --no-index --find-links /wheels --upgrade setuptools \
    && pip wheel --no-deps --no-index --no-build-isolation --wheel-dir /dist . \
    && python -m venv /opt/duban \
    && /opt/duban/bin/pip install --no-index --find-links /wheels /dist/duban-*.whl \
    && /opt/duban/bin/python -m main --help > /dev/null

FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/duban/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DUBAN_HOST=0.0.0.0 \
    DUBAN_PORT=8000 \
    DUBAN_DATABASE_URL=sqlite:////data/duban.db
RUN groupadd --system --gid 10001 duban \
    && useradd --system --uid 10001 --gid duban --home-dir /app --shell /usr/sbin/nologin duban \
    && mkdir -p /app /data && chown duban:duban /data
COPY --from=build /opt/duban /opt/duban
COPY deploy/probe.py /app/probe.py
WORKDIR /app
USER duban:duban
# SQLite only (the default above); with PostgreSQL the container keeps no state.
VOLUME ["/data"]
EXPOSE 8000
# Ready for traffic: the database answers and is migrated (python, no curl in a slim image).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["python", "/app/probe.py"]
# `main.py serve`: every setting from DUBAN_* variables (README, Configuration); the scheduler
# process of a multi-replica deployment runs `python -m main scheduler` instead (compose.yaml).
CMD ["python", "-m", "main", "serve"]
