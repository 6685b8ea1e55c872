"""The production processes on one machine: gunicorn, a Celery worker and beat started with the
commands the Dockerfile and docker-compose.yml run, against a database and Redis given by URL.

Standard library only: scripts/production_smoke.py imports this from a virtualenv built from
requirements.txt alone (or from the system python), before Django is importable."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What docker-compose.yml's migrate service loads, then the demo logins the drills file tickets as.
SETUP_COMMANDS = (
    ("migrate", "--noinput"),
    ("load_divisions",),
    ("load_departments",),
    ("load_hotline_reference",),
    ("load_responsibilities",),
)
LOGINS_COMMAND = ("load_demo_users",)


def web_command(bin_dir: Path, *, port: int, workers: int, threads: int = 1) -> list[str]:
    """The Dockerfile's CMD, bound to localhost on ``port``; ``threads`` > 1 for gunicorn's
    threaded workers (what a benchmark may compare)."""
    command = [
        str(bin_dir / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    return command + (["--threads", str(threads)] if threads > 1 else [])


def worker_command(bin_dir: Path, *, concurrency: int, nice: int = 0) -> list[str]:
    """docker-compose.yml's worker; ``nice`` > 0 runs it at that lower CPU priority (``nice -n``),
    as a box that serves web requests too may run it."""
    priority = ["nice", "-n", str(nice)] if nice > 0 else []
    return priority + [
        str(bin_dir / "celery"),
        "-A",
        "config",
        "worker",
        "-l",
        "info",
        "--concurrency",
        str(concurrency),
    ]


def beat_command(bin_dir: Path, *, schedule: Path) -> list[str]:
    """docker-compose.yml's beat."""
    return [str(bin_dir / "celery"), "-A", "config", "beat", "-l", "info", "-s", str(schedule)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    """One long-running process in its own process group (so a kill reaches its pool children),
    its output appended to a log file that survives restarts."""

    def __init__(self, name: str, command: list[str], *, env: dict, log_dir: Path):
        self.name, self.command, self.env = name, command, env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        if self.running():
            raise RuntimeError(f"{self.name} is running already (pid {self.process.pid})")
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM to the group (a warm shutdown), SIGKILL if it has not ended in ``timeout``."""
        if not self.running():
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._signal(signal.SIGKILL)  # pool children a warm shutdown left behind

    def kill(self) -> None:
        """``kill -9`` of the whole group: what a crashed container or OOM kill does."""
        if self.process is None:
            return
        self._signal(signal.SIGKILL)
        self.process.wait()

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_text(self, since: int = 0) -> str:
        if not self.log_path.exists():
            return ""
        with self.log_path.open(errors="replace") as log:
            log.seek(since)
            return log.read()


class RedisServer(Service):
    """A private redis-server on its own port: a broker the drills may stop without touching
    anyone else's. Nothing is persisted, as after a broker that lost its disk."""

    def __init__(self, *, log_dir: Path, port: int | None = None):
        self.port = port or free_port()
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        super().__init__("redis", command, env=dict(os.environ), log_dir=log_dir)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> None:
        super().start()
        deadline = time.monotonic() + timeout
        while not redis_command(self.url, "PING"):
            if time.monotonic() > deadline or not self.running():
                raise RuntimeError(f"redis-server did not start on port {self.port}:\n{self.log_text()}")
            time.sleep(0.1)


def redis_command(url: str, *words: str) -> bool:
    """Send one command to the URL's database; True when Redis answered without an error."""
    parts = urllib.parse.urlsplit(url)
    database = parts.path.strip("/") or "0"
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            for command in (("SELECT", database), words):
                payload = f"*{len(command)}\r\n" + "".join(f"${len(w.encode())}\r\n{w}\r\n" for w in command)
                sock.sendall(payload.encode())
                if not sock.recv(1024).startswith((b"+", b":")):
                    return False
    except OSError:
        return False
    return True


def _postgres_arguments(url: str) -> tuple[list[str], dict, str]:
    parts = urllib.parse.urlsplit(url)
    arguments = ["-h", parts.hostname or "localhost", "-p", str(parts.port or 5432)]
    if parts.username:
        arguments += ["-U", urllib.parse.unquote(parts.username)]
    env = {**os.environ, "PGOPTIONS": "-c client_min_messages=warning"}
    if parts.password:
        env["PGPASSWORD"] = urllib.parse.unquote(parts.password)
    return arguments, env, parts.path.strip("/")


def database_create(url: str) -> None:
    """A fresh, empty PostgreSQL database at ``url`` (a leftover one of that name is dropped)."""
    database_drop(url)
    arguments, env, name = _postgres_arguments(url)
    subprocess.run(["createdb", *arguments, name], env=env, check=True)


def database_drop(url: str) -> None:
    arguments, env, name = _postgres_arguments(url)
    subprocess.run(["dropdb", *arguments, "--if-exists", "--force", name], env=env, check=True)


class ProductionStack:
    """gunicorn + worker + beat with production settings. Use as a context manager: every process
    is stopped on the way out, whatever happened."""

    def __init__(
        self,
        *,
        python: Path,
        database_url: str,
        redis_url: str,
        var_dir: Path,
        web_workers: int = 2,
        web_threads: int = 1,
        concurrency: int = 4,
        worker_nice: int = 0,
        extra_env: dict | None = None,
    ):
        self.python, self.var_dir = Path(python), Path(var_dir)
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            # Plain HTTP on localhost: no TLS proxy in front, so no secure cookies or HTTPS redirect.
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "VAR_DIR": str(self.var_dir),
            **(extra_env or {}),
        }
        bin_dir = self.python.parent
        self.web_workers, self.web_threads, self.concurrency = web_workers, web_threads, concurrency
        self.worker_nice = worker_nice
        web = web_command(bin_dir, port=self.port, workers=web_workers, threads=web_threads)
        self.services = {
            "web": Service("web", web, **self._where()),
            "worker": Service(
                "worker", worker_command(bin_dir, concurrency=concurrency, nice=worker_nice), **self._where()
            ),
            "beat": Service("beat", beat_command(bin_dir, schedule=self.var_dir / "beat"), **self._where()),
        }

    def _where(self) -> dict:
        return {"env": self.env, "log_dir": self.var_dir}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        """Run a management command with the production settings; its output, or RuntimeError."""
        result = subprocess.run(
            [str(self.python), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self) -> dict[str, str]:
        """Migrate, load the reference data (in one process: each start costs seconds); → the demo
        logins {username: password} as load_demo_users prints them."""
        calls = "".join(f"call_command{command!r}; " for command in (*SETUP_COMMANDS, LOGINS_COMMAND))
        output = self.manage("shell", "-c", f"from django.core.management import call_command; {calls}")
        logins = {}
        for line in output.splitlines():
            username, _, rest = line.partition(" / ")
            if rest and " " not in username.strip():
                logins[username.strip()] = rest.split()[0]
        return logins

    def start(self) -> None:
        for service in self.services.values():
            service.start()

    def restart_stopped(self) -> list[str]:
        stopped = [name for name, service in self.services.items() if not service.running()]
        for name in stopped:
            self.services[name].start()
        return stopped

    def stop(self) -> None:
        for service in self.services.values():
            service.stop()

    def logs(self, tail_lines: int = 150) -> str:
        return "\n".join(
            f"----- {service.name} log ({service.log_path}), last {tail_lines} lines -----\n"
            + "\n".join(service.log_text().splitlines()[-tail_lines:])
            for service in self.services.values()
        )

    def __enter__(self) -> "ProductionStack":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
