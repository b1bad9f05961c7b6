from pingxuan.web.campaigns.models.campaign import Campaign
from pingxuan.web.campaigns.models.unit import Unit

__all__ = ["Campaign", "Unit"]
