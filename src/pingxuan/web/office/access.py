"""The one access check of the city's office: the signed-in user's city membership of a campaign,
or 404. Every office view starts here and scopes every query by the returned campaign."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from pingxuan.web.accounts.enums import CITY_ROLES, Role
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination


@dataclass(frozen=True)
class CityAccess:
    campaign: Campaign
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_admin(self) -> bool:
        return self.membership.role == Role.ADMIN

    @property
    def user(self) -> AbstractBaseUser | AnonymousUser:
        return self.membership.user

    def unit(self, pk: int) -> Unit:
        return get_object_or_404(Unit, pk=pk, campaign=self.campaign)

    def nomination(self, pk: int) -> Nomination:
        return get_object_or_404(
            Nomination.objects.select_related("unit", "campaign", "alternate_of"),
            pk=pk,
            campaign=self.campaign,
        )


def city_access(request: HttpRequest, slug: str) -> CityAccess:
    user = request.user
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("campaign", "user")
        .filter(user=user, campaign__slug=slug, role__in=CITY_ROLES)
        .first()
    )
    if membership is None:
        raise Http404
    return CityAccess(membership.campaign, membership)


def admin_access(request: HttpRequest, slug: str) -> CityAccess:
    """Settings of the campaign (the calendar's override table): the city's administrator only;
    a reviewer is refused with a 403 that says who may."""
    from django.core.exceptions import PermissionDenied

    access = city_access(request, slug)
    if not access.is_admin:
        admin = campaign_spec(access.campaign).campaign.admin_name
        raise PermissionDenied(f"只有{admin}可以修改此项设置。")
    return access
