#!/usr/bin/env python3
"""Set up and run the platform on one machine with nothing but Python 3.11+ and pip.

    python3 scripts/dev.py up      install, migrate, load reference + demo data, run web + worker + beat
    python3 scripts/dev.py test    install test dependencies and run the whole test suite

Both are safe to repeat: packages are installed again only when a requirements file changed, and
every data load is an upsert. Without DATABASE_URL / REDIS_URL the embedded default is used
(SQLite in var/ and a filesystem broker); set them to run against PostgreSQL and Redis instead.
"""

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("HOTLINE_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DATA_COMMANDS = (
    ["migrate", "--noinput"],
    ["load_divisions"],
    ["load_departments"],
    ["load_sub_units", "units/data/beijing/sub_units.csv"],
    ["load_hotline_reference"],
)
DEMO_COMMANDS = (["load_demo_knowledge"], ["load_demo_tickets"], ["load_demo_whistles"])


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def ensure_venv(requirements: str) -> None:
    """Create .venv and install ``requirements`` into it unless that exact file is installed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older python3
        sys.exit("Python 3.11 or newer is needed.")
    if not PYTHON.exists():
        say(f"creating virtualenv {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256()
    for name in ("requirements.txt", requirements):
        digest.update((ROOT / name).read_bytes())
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    say(f"installing {requirements}")
    subprocess.run(
        [PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", ROOT / requirements],
        check=True,
    )
    stamp.write_text(digest.hexdigest())


def manage(*args: str, env: dict) -> str:
    result = subprocess.run(
        [PYTHON, ROOT / "manage.py", *args], check=True, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    print(result.stdout, end="", flush=True)
    return result.stdout


def pipe_output(name: str, process: subprocess.Popen) -> None:
    for line in process.stdout:
        print(f"[{name:6}] {line}", end="", flush=True)


def wait_for_http(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own localhost URL
                return True
        except OSError:
            time.sleep(0.5)
    return False


def up(args: argparse.Namespace) -> int:
    ensure_venv("requirements.txt")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    (ROOT / "var").mkdir(exist_ok=True)
    for command in DATA_COMMANDS:
        say("manage.py " + " ".join(command))
        manage(*command, env=env)
    say("manage.py load_demo_users")
    logins = manage("load_demo_users", env=env)
    for command in DEMO_COMMANDS:
        say("manage.py " + " ".join(command))
        manage(*command, env=env)

    address = f"{args.host}:{args.port}"
    processes = {
        "web": [PYTHON, "manage.py", "runserver", address, "--noreload"],
        "worker": [BIN / "celery", "-A", "config", "worker", "-l", "info", "--concurrency", "2"],
        "beat": [BIN / "celery", "-A", "config", "beat", "-l", "info", "-s", "var/celerybeat-schedule"],
    }
    children = {}
    for name, command in processes.items():
        children[name] = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        threading.Thread(target=pipe_output, args=(name, children[name]), daemon=True).start()

    def stop(*_signal_args):
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        for child in children.values():
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    url = f"http://{address}/"
    if wait_for_http(url + "healthz", timeout=60):
        print(
            "\n"
            + "=" * 72
            + f"\n  12345 hotline platform is running: {url}"
            + f"\n  health: {url}healthz    API docs: {url}api/docs/    admin: {url}admin/"
            + "\n  demo logins (username / password):\n    "
            + logins.strip().replace("\n", "\n    ")
            + "\n  Ctrl-C stops web, worker and beat.\n"
            + "=" * 72
            + "\n",
            flush=True,
        )
    try:
        while all(child.poll() is None for child in children.values()):
            time.sleep(1)
        failed = [name for name, child in children.items() if child.poll() is not None]
        say(f"{', '.join(failed)} stopped; stopping the rest")
        return 1
    except KeyboardInterrupt:
        say("stopping")
        return 0
    finally:
        stop()


# Test processes side by side (pytest-xdist), each with its own test database and cache prefix
# (config/settings/test.py); more than four gain little and each migrates a database of its own.
TEST_PROCESSES = min(4, os.cpu_count() or 1)


def test(args: argparse.Namespace) -> int:
    ensure_venv("requirements-dev.txt")
    pytest_args = list(args.pytest_args)
    if TEST_PROCESSES > 1 and not any(arg.startswith(("-n", "--numprocesses")) for arg in pytest_args):
        pytest_args = ["-n", str(TEST_PROCESSES), *pytest_args]
    return subprocess.run([PYTHON, "-m", "pytest", *pytest_args], cwd=ROOT).returncode


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("up", help="set up and run web + worker + beat")
    run_parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    run_parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    run_parser.set_defaults(handler=up)
    test_parser = commands.add_parser("test", help="install test dependencies and run the suite")
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test_parser.set_defaults(handler=test)
    args = parser.parse_args()
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
