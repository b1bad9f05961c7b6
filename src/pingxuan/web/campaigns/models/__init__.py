from pingxuan.web.campaigns.models.campaign import Campaign
from pingxuan.web.campaigns.models.extension import Extension
from pingxuan.web.campaigns.models.unit import Unit

__all__ = ["Campaign", "Extension", "Unit"]
