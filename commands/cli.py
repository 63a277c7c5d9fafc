"""The `workforce` command: the root group, its shared options, and error handling.

Every command group lives in its own module and is added here. Domain errors become
one-line messages with exit code 2 (bad input or usage) or 1 (could not do the work),
never a traceback.
"""

from __future__ import annotations

import click

from commands.context import App
from commands.options import OnceGroup

#: PostgreSQL's "insufficient privilege": a role asked for what it was not granted.
PERMISSION_DENIED = "42501"

REFERENCE_OPTIONS = (
    ("--framework", "framework", "WORKFORCE_FRAMEWORK", "AiMH competency framework YAML"),
    ("--bands", "bands", "WORKFORCE_BANDS", "Agenda for Change bands and pay YAML"),
    ("--medical-pay", "medical_pay", "WORKFORCE_MEDICAL_PAY",
     "medical and voluntary-sector pay YAML"),
    ("--service-model", "service_model", "WORKFORCE_SERVICE_MODEL",
     "example team, team rules and need YAML"),
    ("--placement-rules", "placement_rules", "WORKFORCE_PLACEMENT_RULES",
     "placement supervision rules YAML"),
    ("--national-context", "national_context", "WORKFORCE_NATIONAL_CONTEXT",
     "national context figures for bids YAML"),
)


class WorkforceGroup(OnceGroup):
    """A group that turns the domain's own errors into clean CLI errors, and whose commands
    refuse a single-value option given twice."""

    def invoke(self, ctx: click.Context):
        from workforce.errors import InvalidInput, WorkforceError

        try:
            return self._invoke(ctx)
        except InvalidInput as exc:
            error = click.ClickException("\n".join(
                [f"{len(exc.problems)} problem(s); nothing was written:"]
                + [f"  {p}" for p in exc.problems]))
            error.exit_code = exc.exit_code
            raise error from None
        except WorkforceError as exc:
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise error from None
        except Exception as exc:
            refused = getattr(exc, "orig", None)
            if getattr(refused, "sqlstate", None) != PERMISSION_DENIED:
                raise
            error = click.ClickException(
                f"your database role may not do this ({str(refused).splitlines()[0]}): a "
                f"reporter reads published reports only (`workforce report published`, then "
                f"`workforce report bid --release NAME`)")
            error.exit_code = 2
            raise error from None

    def _invoke(self, ctx: click.Context):
        """Run the command; a database failure that is not a bug becomes the domain's error."""
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if type(exc).__module__.split(".")[0] != "sqlalchemy":
                raise
            from sqlalchemy.exc import DBAPIError

            from workforce.store.db import database_error

            known = database_error(exc) if isinstance(exc, DBAPIError) else None
            if known is None:
                raise
            raise known from None


def reference_options(func):
    for flag, name, env, what in reversed(REFERENCE_OPTIONS):
        func = click.option(flag, name, envvar=env, metavar="PATH",
                            type=click.Path(dir_okay=False),
                            help=f"Use this {what} instead of the bundled one [env: {env}].")(func)
    return func


@click.group(cls=WorkforceGroup, context_settings={"help_option_names": ["-h", "--help"],
                                                     "max_content_width": 100})
@click.option("--db", "db_url", envvar="WORKFORCE_DB", metavar="URL",
              help="Database URL (sqlite:///FILE or postgresql+psycopg://...) "
                   "[env: WORKFORCE_DB; default: SQLite in your user data directory].")
@reference_options
@click.version_option(package_name="workforce")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, **overrides: str | None) -> None:
    """Plan the workforce of parent-infant relationship (PAIR) teams.

    Audit AiMH infant mental health competencies, plan trainee placements under
    supervision capacity, and report need, gaps and cost for funding bids.
    Start with `workforce demo`.
    """
    given = ctx.get_parameter_source("db_url") == click.core.ParameterSource.COMMANDLINE
    ctx.obj = App(db_url=db_url, db_given=given, overrides=overrides)


def _register() -> None:
    from commands import (
        competencies,
        data,
        framework,
        pipeline,
        placements,
        privacy,
        report,
        setup,
    )

    for module in (setup, data, framework, competencies, placements, report, privacy,
                   pipeline):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="workforce")
