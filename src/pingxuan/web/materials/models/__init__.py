from pingxuan.web.materials.models.material import Material, PendingUpload, Stage

__all__ = ["Material", "PendingUpload", "Stage"]
