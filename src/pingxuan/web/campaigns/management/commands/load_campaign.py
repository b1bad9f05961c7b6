"""``manage load_campaign campaigns/zhengzhou-2024.toml``: store or refresh a campaign."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.core.spec.loader import SpecError, load_spec
from pingxuan.web.campaigns.domain.specs import load_campaign_file


class Command(BaseCommand):
    help = gettext_lazy("加载（或更新）一个评选活动配置文件")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=_("配置文件路径，或 campaigns/ 下的活动标识"))

    def handle(self, *args: object, path: str, **options: object) -> None:
        try:
            if load_spec(path).parent is not None:
                # Checked against its parent and linked to the parent's unit, or not at all.
                raise CommandError(
                    _("该配置有 [parent]，是下级活动：请用 load_child_campaign 载入。")
                )
            campaign = load_campaign_file(path)
        except SpecError as exc:
            raise CommandError(
                _("评选活动配置有误，未加载：\n%(problems)s") % {"problems": exc}
            ) from None
        self.stdout.write(
            _("已加载评选活动：%(title)s（%(slug)s）")
            % {"title": campaign.title, "slug": campaign.slug}
        )
