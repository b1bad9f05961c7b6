"""``{{ nomination|sensitivity }}``: a stored nomination's 涉敏 answer for the office's review
pages ("yes", "unanswered" or ""), read the way the notices read it (三（六）). Office pages are
city staff only; anonymous pages never load this."""

from django import template

from pingxuan.core.columns import TRUE
from pingxuan.core.publicity import SENSITIVE
from pingxuan.web.nominations.models import Nomination

register = template.Library()


@register.filter
def sensitivity(nomination: Nomination) -> str:
    answer = nomination.cells.get(SENSITIVE)
    if answer == TRUE:
        return "yes"
    if answer in (None, ""):
        return "unanswered"
    return ""
