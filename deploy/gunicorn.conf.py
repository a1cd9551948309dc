"""gunicorn settings for Haven (``gunicorn -c deploy/gunicorn.conf.py haven.wsgi``).

Everything can be overridden with GUNICORN_* style command-line flags; the environment of the
process carries Haven's own configuration (see the README's configuration table).
"""

import os
import shutil
import tempfile

bind = os.environ.get("HAVEN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("HAVEN_WORKERS", "4"))
threads = int(os.environ.get("HAVEN_THREADS", "1"))
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
# Access logs would carry paths; Haven's own request log carries route names instead.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("HAVEN_PROXY_IPS", "127.0.0.1")

# Prometheus: sum the numbers of all workers.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="haven-metrics-")


def on_starting(server):
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
