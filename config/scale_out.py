"""What the environment says about running on more than one machine, turned into Django settings:
a read replica of the database, and where uploads are kept. Called from config/settings/base.py."""

from django.core.exceptions import ImproperlyConfigured
from environ import Env


def replica_database(env: Env, *, default: dict) -> dict | None:
    """``DATABASE_REPLICA_URL`` → the ``replica`` alias (a PostgreSQL hot standby), with the same
    connection reuse as ``default``; ``None`` when unset. Tests use default's test database under
    this alias instead of creating one."""
    url = env.str("DATABASE_REPLICA_URL", default="")
    if not url:
        return None
    return {
        **env.db_url_config(url),
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": default.get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": default.get("CONN_HEALTH_CHECKS", False),
        "TEST": {"MIRROR": "default"},
    }


def uploads_storage(env: Env) -> dict:
    """``FILE_STORAGE`` → ``STORAGES["default"]``: "filesystem" (MEDIA_ROOT: one machine or a shared
    volume), "s3" (S3-compatible object storage such as MinIO or Ceph RGW, for several web machines;
    needs requirements-s3.txt), or the dotted path of any Django storage class. The bucket stays
    private (no ACL, signed URLs only): files are served only through uploads.serving."""
    choice = env.str("FILE_STORAGE", default="filesystem")
    if choice == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if choice == "s3":
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options(env)}
    if "." in choice:
        return {"BACKEND": choice}
    raise ImproperlyConfigured(
        f"FILE_STORAGE must be 'filesystem', 's3' or a storage class's dotted path, not {choice!r}."
    )


def _s3_options(env: Env) -> dict:
    options = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "location": env.str("AWS_LOCATION", default=""),
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    # Keys left unset: boto3 looks for credentials itself (environment, instance role, ~/.aws).
    for option, variable in (
        ("access_key", "AWS_S3_ACCESS_KEY_ID"),
        ("secret_key", "AWS_S3_SECRET_ACCESS_KEY"),
    ):
        if value := env.str(variable, default=""):
            options[option] = value
    return options
