from pingxuan.web.materials.models.material import Material, PendingUpload, Stage
from pingxuan.web.materials.models.revision import EvaluationRevision

__all__ = ["EvaluationRevision", "Material", "PendingUpload", "Stage"]
