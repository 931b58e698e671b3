from tests.factories import HouseholdFactory, ResidentFactory
from tests.routes import community_page, global_page

VIEWERS = {"staff", "secretary", "grid"}


def _case(world):
    from tests.welfare.factories import CaseFactory

    return CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a)))


def _attachment(world):
    from django.core.files.base import ContentFile

    from community.storage import private_storage
    from welfare.models import Attachment

    case = _case(world)
    private_storage().delete("attachments/matrix.pdf")
    private_storage().save("attachments/matrix.pdf", ContentFile(b"%PDF-1.4 test"))
    return Attachment.objects.create(
        case=case, original_name="m.pdf", storage_name="matrix.pdf", content_type="application/pdf", size=13
    )


def _grid_sees_case(world):
    case = _case(world)
    case.household.grid.workers.add(world.users["grid"])
    return case


def _redirecting(allowed, **kwargs):
    route = community_page(allowed, **kwargs)
    return global_page(
        {**route.expect, **dict.fromkeys(allowed, 302)},
        kwargs=route.kwargs,
        method=route.method,
        data=route.data,
    )


ROUTES = {
    "welfare:index": community_page(VIEWERS),
    "welfare:due": community_page(VIEWERS),
    "welfare:create": community_page({"staff"}),
    "welfare:types": community_page({"staff"}),
    "welfare:import": community_page({"staff"}),
    "welfare:import_confirm": _redirecting({"staff"}, method="post"),
    "welfare:detail": community_page(VIEWERS, kwargs=lambda w: {"code": "HLS", "pk": _grid_sees_case(w).pk}),
    "welfare:edit": community_page({"staff"}, kwargs=lambda w: {"code": "HLS", "pk": _case(w).pk}),
    "welfare:transition": _redirecting(
        VIEWERS, kwargs=lambda w: {"code": "HLS", "pk": _grid_sees_case(w).pk}, method="post"
    ),
    "welfare:attach": _redirecting(
        {"staff"}, kwargs=lambda w: {"code": "HLS", "pk": _case(w).pk}, method="post"
    ),
    "welfare:attachment": community_page(
        VIEWERS, kwargs=lambda w: {"code": "HLS", "pk": _grid_attachment(w).pk}
    ),
}


def _grid_attachment(world):
    attachment = _attachment(world)
    attachment.case.household.grid.workers.add(world.users["grid"])
    return attachment
