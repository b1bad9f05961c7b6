from pingxuan.web.finals.models.final_list import FinalList, FinalListRow

__all__ = ["FinalList", "FinalListRow"]
