from pingxuan.web.complaints.models.complaint import Complaint, ComplaintLink

__all__ = ["Complaint", "ComplaintLink"]
