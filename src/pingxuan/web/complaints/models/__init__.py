from pingxuan.web.complaints.models.complaint import Complaint

__all__ = ["Complaint"]
