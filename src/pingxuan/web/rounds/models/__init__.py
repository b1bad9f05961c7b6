from pingxuan.web.rounds.models.forwarding import Forwarding
from pingxuan.web.rounds.models.link import CampaignLink
from pingxuan.web.rounds.models.round import Ballot, Round

__all__ = ["Ballot", "CampaignLink", "Forwarding", "Round"]
