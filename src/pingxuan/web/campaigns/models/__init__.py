from pingxuan.web.campaigns.models.campaign import Campaign

__all__ = ["Campaign"]
