"""``{% if campaign|has_parent %}``: whether a campaign forwards to a parent (its spec's
``[parent]``), read from the cached spec so that every office page's tabs cost no query."""

from django import template

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign

register = template.Library()


@register.filter
def has_parent(campaign: Campaign) -> bool:
    return campaign_spec(campaign).parent is not None


@register.filter
def has_rounds(campaign: Campaign) -> bool:
    """Whether the campaign's units record 差额 rounds (its spec's ``[rounds]``)."""
    return campaign_spec(campaign).rounds is not None
