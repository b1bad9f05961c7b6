"""``manage seed_demo [slug]``: demo accounts for a local run, three units and the city.

The passwords follow a fixed, published pattern (``demo-`` + username), so the command refuses to
run unless PINGXUAN_DEBUG=true: these accounts must never exist on a production site. Running it
again changes nothing but re-prints the table.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.models import Campaign, Unit

DEFAULT_CAMPAIGN = "zhengzhou-2024"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    unit_name: str | None = None

    @property
    def password(self) -> str:
        return demo_password(self.username)


def demo_password(username: str) -> str:
    """The published demo pattern: for a local demo only."""
    return f"demo-{username}"


DEMO_ACCOUNTS = (
    DemoAccount("hkg-jingban", Role.CLERK, "航空港经济综合试验区"),
    DemoAccount("hkg-shenpi", Role.APPROVER, "航空港经济综合试验区"),
    DemoAccount("zd-jingban", Role.CLERK, "郑东新区"),
    DemoAccount("zd-shenpi", Role.APPROVER, "郑东新区"),
    DemoAccount("wjw-jingban", Role.CLERK, "市文教卫工会"),
    DemoAccount("wjw-shenpi", Role.APPROVER, "市文教卫工会"),
    DemoAccount("shi-shenhe", Role.REVIEWER),
    DemoAccount("shi-guanli", Role.ADMIN),
)


class Command(BaseCommand):
    help = gettext_lazy(
        "创建本地演示账号（三个推荐单位的经办人、审批人，主办方的审核员和管理员）并列出"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "slug",
            nargs="?",
            default=DEFAULT_CAMPAIGN,
            help=_("评选活动标识（默认 %(slug)s）") % {"slug": DEFAULT_CAMPAIGN},
        )

    def handle(self, *args: object, slug: str, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                _("演示账号的密码是公开的，只能在本地演示（PINGXUAN_DEBUG=true）时创建。")
            )
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(
                _("评选活动 %(slug)s 尚未加载：请先运行 load_campaign。") % {"slug": slug}
            )
        units = {unit.name: unit for unit in Unit.objects.filter(campaign=campaign)}
        missing = [a.unit_name for a in DEMO_ACCOUNTS if a.unit_name and a.unit_name not in units]
        if missing:
            raise CommandError(
                _("评选活动 %(slug)s 中没有推荐单位：%(units)s")
                % {"slug": slug, "units": "、".join(dict.fromkeys(missing))}
            )

        with transaction.atomic():
            members = [
                seed_account(campaign, account, units.get(account.unit_name or ""))
                for account in DEMO_ACCOUNTS
            ]

        self.stdout.write(_("演示账号（仅供本地演示，密码公开，切勿在正式环境使用）："))
        rows = [(_("用户名"), _("密码"), _("角色"), _("推荐单位"))]
        # The organiser's staff by the campaign's titles: 市级审核员 and （市级） in Zhengzhou.
        rows += [
            (a.username, a.password, m.role_name, a.unit_name or f"（{m.where}）")
            for a, m in zip(DEMO_ACCOUNTS, members, strict=True)
        ]
        for line in table_lines(rows):
            self.stdout.write(line)


def seed_account(campaign: Campaign, account: DemoAccount, unit: Unit | None) -> Membership:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=account.username)
    # Hashing is deliberately slow; a second run leaves an existing account as it is.
    if created or not user.has_usable_password():
        user.set_password(account.password)
        user.save(update_fields=["password"])
    membership, _created = Membership.objects.update_or_create(
        user=user, campaign=campaign, defaults={"role": account.role, "unit": unit}
    )
    return membership


def display_width(text: str) -> int:
    """Columns a terminal gives the text: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table_lines(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = (
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row, widths, strict=True)
        )
        lines.append("  ".join(cells).rstrip())
    return lines
