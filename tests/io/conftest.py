"""The small imported database the importer tests build, shared by every io test."""

from tests.io.test_importer import loaded  # noqa: F401  (a fixture)
