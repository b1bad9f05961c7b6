"""``manage load_child_campaign campaigns/zhongmu-2024.toml``: store a campaign that names a
parent, after checking it against the stored parent, and link it to the parent's unit."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.core.spec.loader import SpecError
from pingxuan.web.rounds.domain.links import load_child_campaign


class Command(BaseCommand):
    help = gettext_lazy("加载（或更新）一个下级评选活动，并关联到上级活动的推荐单位")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=_("配置文件路径，或 campaigns/ 下的活动标识"))

    def handle(self, *args: object, path: str, **options: object) -> None:
        try:
            link = load_child_campaign(path)
        except SpecError as exc:
            raise CommandError(
                _("评选活动配置有误，未加载：\n%(problems)s") % {"problems": exc}
            ) from None
        self.stdout.write(
            _("已加载评选活动：%(title)s（%(slug)s），上级：%(parent)s 的推荐单位“%(unit)s”")
            % {
                "title": link.child.title,
                "slug": link.child.slug,
                "parent": link.parent.slug,
                "unit": link.unit.name,
            }
        )
