"""The one access check of the portal: the signed-in user's unit in a campaign, or 404.

Every portal view starts here and scopes every query by the returned campaign and unit, so an
object of another unit or campaign is simply not found (404, never 403).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from pingxuan.web.accounts.enums import Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination


@dataclass(frozen=True)
class UnitAccess:
    campaign: Campaign
    unit: Unit
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_approver(self) -> bool:
        return self.membership.role == Role.APPROVER

    @property
    def user(self) -> AbstractBaseUser | AnonymousUser:
        return self.membership.user

    def nomination(self, pk: int) -> Nomination:
        """A nomination of this unit; anything else is a 404."""
        return get_object_or_404(
            Nomination.objects.select_related("unit", "campaign", "alternate_of"),
            pk=pk,
            campaign=self.campaign,
            unit=self.unit,
        )


def unit_access(request: HttpRequest, slug: str) -> UnitAccess:
    user = request.user
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("campaign", "unit", "user")
        .filter(user=user, campaign__slug=slug, role__in=(Role.CLERK, Role.APPROVER))
        .first()
    )
    if membership is None or membership.unit is None:
        raise Http404
    return UnitAccess(membership.campaign, membership.unit, membership)
