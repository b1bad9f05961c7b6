"""``manage cleanup_jobs [--days N]``: delete background jobs older than N days (default 7) and
their result files, audited; jobs a killed worker left 进行中 are marked failed first. Run it
daily (cron or a systemd timer), see the README's 正式部署."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.web.jobs.domain import cleanup_jobs

DEFAULT_DAYS = 7


class Command(BaseCommand):
    help = gettext_lazy("删除超过 N 天（默认 7 天）的后台任务及其结果文件，并记入审计")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=str(gettext_lazy("保留最近几天的任务（默认 7）")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 1:
            raise CommandError(_("--days 至少为 1：不能删除今天的任务。"))
        result = cleanup_jobs(days=days)
        self.stdout.write(
            _("已删除 %(jobs)s 个超过 %(days)s 天的后台任务和 %(files)s 个结果文件。")
            % {"jobs": result.jobs, "days": days, "files": result.files}
        )
