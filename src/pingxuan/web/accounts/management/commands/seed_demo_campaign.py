"""``manage seed_demo_campaign``: the demo campaigns of a local run (【演示】, 【演示·评审】), with
accounts for every unit and the city, and a table of who shows what.

Like ``seed_demo`` it refuses to run unless PINGXUAN_DEBUG=true: the passwords are public.
Running it again keeps what is there and moves the open demo's deadlines to today.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.web.accounts.demo import seed_all
from pingxuan.web.accounts.management.commands.seed_demo import table_lines


class Command(BaseCommand):
    help = gettext_lazy(
        "建立演示评选活动（日期按今天平移，全部37个推荐单位的推荐数据和账号）并列出演示账号"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet-units",
            action="store_true",
            help=_("不逐个单位显示进度"),
        )

    def handle(self, *args: object, quiet_units: bool = False, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                _("演示账号的密码是公开的，只能在本地演示（PINGXUAN_DEBUG=true）时创建。")
            )
        started = time.monotonic()
        report = seed_all(progress=(lambda line: None) if quiet_units else self.stdout.write)
        for line in report.lines:
            self.stdout.write(line)
        if report.guessed_years:
            years = "、".join(str(y) for y in sorted(report.guessed_years))
            self.stdout.write(
                _("注意：%(years)s年的法定节假日安排尚未收录，演示日期在这些年份按周一至周五推算。")
                % {"years": years}
            )
        rows = [(_("用户名"), _("密码"), _("演示内容"))]
        rows += [(name, password, what) for name, password, what in report.accounts]
        for line in table_lines(rows):
            self.stdout.write(line)
        self.stdout.write(_("用时 %(s).1f 秒。") % {"s": time.monotonic() - started})
