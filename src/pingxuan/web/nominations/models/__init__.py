from pingxuan.web.nominations.models.nomination import Honour, NegativeRecord, Nomination
from pingxuan.web.nominations.models.submission import Submission

__all__ = ["Honour", "NegativeRecord", "Nomination", "Submission"]
