"""Options given once: a command refuses a single-value option given twice.

click keeps the last of `--area A1 --area A2` and drops the first without a word. Every
`workforce` group and command is built from these classes, so a repeated option that takes
one value stops the command with a usage error (exit 2) before anything runs. Options that
take many values say so with `multiple=True` and are honoured in full.
"""

from __future__ import annotations

from collections import Counter

import click


def refuse_repeats(command: click.Command, ctx: click.Context, args: list[str]) -> None:
    """Raise a usage error naming the first single-value option `args` give more than once."""
    if ctx.resilient_parsing:
        return
    _, _, order = command.make_parser(ctx).parse_args(args=list(args))
    for param, times in Counter(order).items():
        if times > 1 and _single(param):
            raise click.UsageError(
                f"{'/'.join(param.opts + param.secondary_opts)} was given {times} times, but "
                "takes one value: give it once", ctx=ctx)


def _single(param: click.Parameter) -> bool:
    """Takes one value (a plain flag repeated says the same thing twice, so it may repeat)."""
    return (isinstance(param, click.Option) and not param.multiple and not param.count
            and (not param.is_flag or bool(param.secondary_opts)))


class OnceCommand(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        refuse_repeats(self, ctx, args)
        return super().parse_args(ctx, args)


class OnceGroup(click.Group):
    command_class = OnceCommand
    group_class = type  # subgroups are OnceGroups too

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        refuse_repeats(self, ctx, args)
        return super().parse_args(ctx, args)
