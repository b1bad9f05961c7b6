from pingxuan.web.accounts.models.membership import Membership

__all__ = ["Membership"]
