from pingxuan.web.opinions.models.opinion import ANSWERS, SHEETS_DIR, Opinion, OpinionState

__all__ = ["ANSWERS", "SHEETS_DIR", "Opinion", "OpinionState"]
