"""Where settings come from: the environment, after a ``.env`` file beside ``manage.py`` (which never
overrides a variable already set). Every settings module reads through this ``env``."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
