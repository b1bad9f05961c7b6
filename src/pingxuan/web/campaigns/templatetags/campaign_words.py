"""``{{ campaign|whole }}``: what a campaign calls its whole (the spec's ``campaign.whole_name``:
全市 in Zhengzhou, 全县 in a county's own round, 全国), read from the cached spec (no query)."""

from django import template

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign

register = template.Library()


@register.filter
def whole(campaign: Campaign) -> str:
    return campaign_spec(campaign).campaign.whole_name
