"""``manage audit_verify``: check the audit hash chain against its head and the signed checkpoints;
exit status 1 names the first broken row or the deletion. A whole chain is checkpointed again."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy

from pingxuan.web.audit.domain.chain import verify_chain
from pingxuan.web.audit.domain.checkpoint import append_checkpoint


class Command(BaseCommand):
    help = gettext_lazy("校验审计记录哈希链和检查点，指出第一条被修改、删除或调换的记录")

    def handle(self, *args: object, **options: object) -> None:
        result = verify_chain()
        if not result.ok:
            self.stderr.write(result.message())
            raise SystemExit(1)
        if result.count:
            append_checkpoint(result.count, result.head_hash)
        self.stdout.write(result.message())
