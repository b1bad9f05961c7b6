"""What the worker does for each kind of job. Each handler calls the same domain functions the
pages used to call in the request, so a rule or a check is never written twice."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.documents.interfaces import targets
from pingxuan.web.documents.interfaces.exports import PDF, XLSX, summary_export
from pingxuan.web.jobs.domain import JobFailed, JobProgress
from pingxuan.web.jobs.domain.runner import Handler
from pingxuan.web.jobs.enums import JobKind, JobState
from pingxuan.web.jobs.models import Job
from pingxuan.web.nominations.domain.importing import (
    PREVIEW_STALE,
    ImportPreview,
    ImportRefused,
    PreviewStale,
    discard_stash,
    import_workbook,
    preview_import,
    stashed_path,
    unit_fingerprint,
)
from pingxuan.web.review.domain.selection import NOT_CHOSEN_REASON, propose

GONE = gettext_lazy(
    "导入确认已失效（上传的文件超过一天未确认已被清除，或已导入），请重新上传工作簿。"
)


def _preview_html(job: Job, preview: ImportPreview) -> str:
    return render_to_string(
        "portal/_import_preview.html",
        {"preview": preview, "file_label": job.params["label"], "unit": job.unit},
    )


def _preview(job: Job, progress: JobProgress, path: Path, *, changed: bool = False) -> JobState:
    """Read and check the stashed upload and show the preview (nothing saved); the job waits for
    its owner. Records the unit's data the preview was made from (``unit_fingerprint``), read
    before the preview reads them: a change in between makes the confirmation preview again,
    never save blindly."""
    assert job.unit is not None
    name, label, role = job.params["file"], job.params["label"], job.params["role"]
    fingerprint = unit_fingerprint(job.campaign, job.unit)
    try:
        preview = preview_import(
            job.campaign,
            job.unit,
            path,
            file_label=label,
            actor=job.owner,
            role=role,
            progress=progress.step,
        )
    except ImportRefused as refusal:
        discard_stash(name)
        raise JobFailed(refusal.message, refused=True) from None
    job.detail_html = _preview_html(job, preview)
    if preview.refusal is not None:  # cannot be confirmed as it is: keep nothing
        discard_stash(name)
        raise JobFailed(preview.refusal, refused=True)
    job.params = {**job.params, "rows": len(preview.rows), "fingerprint": fingerprint}
    job.confirmed_at = None
    job.summary = _("已检查“%(file)s”：本单位 %(rows)s 行，尚未保存，请确认。") % {
        "file": label,
        "rows": len(preview.rows),
    }
    if changed:
        job.summary = _("%(stale)s已按本单位现在的数据重新预览，请再次核对后确认。%(summary)s") % {
            "stale": PREVIEW_STALE,
            "summary": job.summary,
        }
    return JobState.AWAITING


def import_workbook_job(job: Job, progress: JobProgress) -> JobState:
    """First run: read and check the stashed upload, show the preview (nothing saved). After the
    owner confirmed it: save all rows or none, as ``import_workbook`` does, if the unit's data
    are still those the preview was made from; otherwise preview again."""
    assert job.unit is not None
    name, label, role = job.params["file"], job.params["label"], job.params["role"]
    path = stashed_path(name)
    if path is None:
        raise JobFailed(str(GONE))
    if job.confirmed_at is None:
        return _preview(job, progress, path)
    progress.step(_("正在保存"))
    try:
        result = import_workbook(
            job.campaign,
            job.unit,
            path,
            file_label=label,
            actor=job.owner,
            role=role,
            fingerprint=job.params.get("fingerprint", ""),
        )
    except PreviewStale:
        return _preview(job, progress, path, changed=True)
    except ImportRefused as refusal:
        # Nothing was saved. The preview again, with the reason and the rows it names.
        try:
            preview = preview_import(
                job.campaign, job.unit, path, file_label=label, actor=job.owner, role=role
            )
        except ImportRefused:
            preview = None
        discard_stash(name)
        if preview is not None:
            preview.refusal = refusal.message
            for item in preview.rows:
                item.refused = (item.row.award, item.row.row) in refusal.rows
            job.detail_html = _preview_html(job, preview)
        raise JobFailed(refusal.message, refused=True) from None
    discard_stash(name)
    job.detail_html = ""
    job.summary = _(
        "已从“%(file)s”导入%(awards)s：新增 %(created)s 个、更新 %(updated)s 个、"
        "删除 %(deleted)s 个推荐对象。"
    ) % {
        "file": label,
        "awards": "、".join(result.awards),
        "created": result.created,
        "updated": result.updated,
        "deleted": result.deleted,
    }
    return JobState.DONE


def city_summary_job(job: Job, progress: JobProgress) -> JobState:
    """推荐对象情况汇总表 of one award for the whole city, as a file kept for its owner."""
    spec = campaign_spec(job.campaign)
    award = next((a for a in spec.awards if a.subject == job.params["subject"]), None)
    fmt = job.params["format"]
    if award is None or fmt not in (XLSX, PDF):
        raise JobFailed(_("活动配置已改变，找不到要生成的汇总表，请回到文档页重新生成。"))
    progress.step(
        _("正在生成“%(award)s”%(whole)s汇总表")
        % {"award": award.name, "whole": spec.campaign.whole_name}
    )
    export = summary_export(job.campaign, award, None, fmt)
    job.result.save(f"{secrets.token_hex(16)}.{fmt}", ContentFile(export.content), save=False)
    job.result_name = export.filename
    job.summary = _("已生成“%(file)s”。") % {"file": export.filename}
    return JobState.DONE


def document_job(job: Job, progress: JobProgress) -> JobState:
    """One document a page asked for (a nomination's form, a unit's table or procedure document,
    a notice, the final list, the draft 表彰决定), as a file kept for its owner. The lookups are
    scoped again here (``targets.resolve``): a unit's job only ever reaches its unit."""
    try:
        target = targets.resolve(job.campaign, job.unit, job.params)
    except targets.Gone:
        raise JobFailed(
            _("要生成的文档所依据的数据已不存在（可能已删除或已改变），请回到文档下载页重新生成。")
        ) from None
    progress.step(_("正在生成“%(title)s”") % {"title": targets.title(job.params)})
    export = target.make()
    extension = export.filename.rsplit(".", 1)[-1]
    job.result.save(f"{secrets.token_hex(16)}.{extension}", ContentFile(export.content), save=False)
    job.result_name = export.filename
    job.summary = _("已生成“%(file)s”。") % {"file": export.filename}
    return JobState.DONE


def selection_job(job: Job, progress: JobProgress) -> JobState:
    """优选: the optimiser's proposal compared with the current list, shown on the job page, which
    offers its adoption (``office:selection_adopt`` re-runs and checks it is still the same)."""
    allow_fewer = bool(job.params.get("allow_fewer"))
    progress.step(_("正在按全部规则和评审分数优选"))
    proposal = propose(job.campaign, allow_fewer=allow_fewer)
    job.detail_html = render_to_string(
        "office/_selection_proposal.html",
        {
            "proposal": proposal,
            "not_chosen_reason": NOT_CHOSEN_REASON,
            "whole": campaign_spec(job.campaign).campaign.whole_name,
        },
    )
    job.params = {
        **job.params,
        "adoptable": bool(proposal.feasible and proposal.chosen),
        "chosen": ",".join(str(pk) for pk in proposal.chosen),
        "to_pass": len(proposal.to_pass),
        "to_fail": len(proposal.to_fail),
        "rerun_allow_fewer": proposal.short_of_candidates,
    }
    if not proposal.feasible:
        # No list is a result that could not be found, not a finished one: the page says so in
        # red, with the reasons and what to do in the detail below (kept by the runner).
        if not proposal.candidates:
            raise JobFailed(_("没有可参加优选的候选，未找到名单。"))
        raise JobFailed(_("没有找到符合全部规则的名单。原因和可以怎样做见下方。"))
    job.summary = _("选出 %(n)s 个，可比较后采纳。") % {"n": len(proposal.chosen)}
    return JobState.DONE


HANDLERS: dict[str, Handler] = {
    JobKind.IMPORT: import_workbook_job,
    JobKind.CITY_SUMMARY: city_summary_job,
    JobKind.SELECTION: selection_job,
    JobKind.DOCUMENT: document_job,
}
