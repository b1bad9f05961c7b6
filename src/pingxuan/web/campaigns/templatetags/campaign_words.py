"""What a campaign calls itself on pages, read from the cached spec (no query):

- ``{{ campaign|whole }}``: its whole (``campaign.whole_name``: 全市 in Zhengzhou, 全县 in a
  county's own round, 全国);
- ``{{ campaign|federation }}``: its federation (郑州市总工会, 中牟县总工会, 中华全国总工会);
- ``{{ campaign|federation_short }}``: the federation as a clerk says it (市总工会, 县总工会,
  全国总工会), as in 请联系市总工会退回.

Python code reads the same words from ``campaign_spec(campaign).campaign``. A page tied to no
campaign (the login page, a portal home with no campaign yet) says 总工会.
"""

from django import template

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign

register = template.Library()


@register.filter
def whole(campaign: Campaign) -> str:
    return campaign_spec(campaign).campaign.whole_name


@register.filter
def federation(campaign: Campaign) -> str:
    return campaign_spec(campaign).campaign.federation


@register.filter
def federation_short(campaign: Campaign) -> str:
    return campaign_spec(campaign).campaign.federation_short
