"""What the environment says about a second machine: the replica alias and the uploads' storage."""

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from config.scale_out import replica_database, uploads_storage
from tests.test_settings import GOOD_KEY, import_production_settings

S3_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_LOCATION",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_S3_ACCESS_KEY_ID",
    "AWS_S3_SECRET_ACCESS_KEY",
)


@pytest.fixture
def env(monkeypatch):
    for variable in ("FILE_STORAGE", "DATABASE_REPLICA_URL", *S3_VARIABLES):
        monkeypatch.delenv(variable, raising=False)
    return environ.Env()


def test_uploads_on_the_filesystem_by_default(env):
    assert uploads_storage(env) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_compatible_object_storage_from_the_environment(env, monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "hotline-uploads")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://minio.internal:9000")
    monkeypatch.setenv("AWS_S3_ACCESS_KEY_ID", "hotline")
    monkeypatch.setenv("AWS_S3_SECRET_ACCESS_KEY", "secret-from-the-vault")
    storage = uploads_storage(env)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "hotline-uploads"
    assert options["endpoint_url"] == "http://minio.internal:9000"
    assert (options["access_key"], options["secret_key"]) == ("hotline", "secret-from-the-vault")
    # Private: no ACL that could make an object public, signed URLs, no overwriting.
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_s3_without_keys_leaves_credentials_to_boto3(env, monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "hotline-uploads")
    options = uploads_storage(env)["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert options["endpoint_url"] is None  # AWS itself


def test_s3_needs_a_bucket(env, monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "s3")
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        uploads_storage(env)


def test_any_storage_class_by_its_path(env, monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "django.core.files.storage.InMemoryStorage")
    assert uploads_storage(env) == {"BACKEND": "django.core.files.storage.InMemoryStorage"}


def test_an_unknown_name_is_refused(env, monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "nfs")
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE"):
        uploads_storage(env)


def test_no_replica_without_its_url(env):
    assert replica_database(env, default={}) is None


def test_the_replica_reuses_connections_like_default(env, monkeypatch):
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader@standby.internal:5432/hotline")
    replica = replica_database(env, default={"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True})
    assert replica["HOST"] == "standby.internal" and replica["USER"] == "reader"
    assert (replica["CONN_MAX_AGE"], replica["CONN_HEALTH_CHECKS"]) == (60, True)
    assert replica["TEST"] == {"MIRROR": "default"}


def test_production_refuses_a_replica_that_is_not_postgresql():
    real = {
        "DJANGO_SECRET_KEY": GOOD_KEY,
        "DATABASE_URL": "postgres://u@db/h",
        "REDIS_URL": "redis://r:6379/0",
    }
    refused = import_production_settings(**real, DATABASE_REPLICA_URL="sqlite:////tmp/replica.sqlite3")
    assert refused.returncode != 0 and "DATABASE_REPLICA_URL" in refused.stderr
    accepted = import_production_settings(**real, DATABASE_REPLICA_URL="postgres://reader@standby/h")
    assert accepted.returncode == 0, accepted.stderr
