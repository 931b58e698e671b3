"""Grid pages: the list, a grid's tree with the person at each link, editing the chain, the gap view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from community import versioning
from community.middleware import requires
from community.records import form_values

from . import selectors, services
from .forms import BuildingForm, CommitteeForm, CompoundForm, GridForm, SubGridForm, UnitForm
from .models import Building, Compound, OwnersCommittee, SubGrid, Unit


@requires("grids.view")
def grid_list(request, code):
    return render(
        request,
        "grids/list.html",
        {
            "grids": selectors.grid_list(request.access),
            "can_create": _can_draw_grids(request),
        },
    )


@requires("grids.view")
def grid_detail(request, code, pk):
    grid = selectors.grid_tree(selectors.get_grid_for(request.access, pk))
    return render(request, "grids/detail.html", {"grid": grid, "can_edit": request.access.has("grids.edit")})


@requires("grids.view")
def gap_view(request, code):
    gaps = selectors.gaps(request.access)
    return render(
        request,
        "grids/gaps.html",
        {
            "gaps": gaps,
            "total": sum(len(v) for v in gaps.values()),
            "can_edit": request.access.has("grids.edit"),
        },
    )


def _can_draw_grids(request) -> bool:
    # New grids are drawn by the community office; a grid worker maintains the grids given to them.
    return request.access.has("grids.draw")


def _back(request, grid_id) -> str:
    """Where to go after saving: back to the gap view if the user came from it, else the grid's page."""
    if request.GET.get("from") == "gaps":
        return reverse("grids:gaps", kwargs={"code": request.community.code})
    return reverse("grids:detail", kwargs={"code": request.community.code, "pk": grid_id})


def _form_page(request, form, *, title: str, grid=None, grid_id=None):
    """Show the form (GET) or validate and save it (POST); on error the input stays in the form.

    Editing, the form carries the node's edit token (community.versioning): a node saved by someone else
    since the form was opened is not overwritten."""
    versioning.add_edit_token(form, form.instance)
    if request.method == "POST" and form.is_valid():
        try:
            model = form._meta.model
            parent = {form.parent_field: form.parent} if hasattr(form, "parent_field") else {}
            node = services.node_save(
                model=model,
                node=form.instance if form.instance.pk else None,
                actor=request.user,
                community=request.community,
                values={**form_values(form), **parent},
                changed=form.changed_data,
                m2m={
                    f.name: form.cleaned_data[f.name]
                    for f in model._meta.many_to_many
                    if f.name in form.cleaned_data
                },
                edit_token=versioning.posted_token(form),
                token_m2m=getattr(form, "token_m2m", ()),
            )
        except versioning.ConcurrentEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError:
            # Only a sibling saved meanwhile gets here: the form checked everything else.
            form.add_error(None, "保存失败：同一上级下已有相同的名称或编号，请检查后重试。")
        else:
            messages.success(request, f"已保存：{node}")
            return redirect(_back(request, grid_id or node.pk))
    return render(request, "grids/form.html", {"form": form, "title": title, "grid": grid})


SCOPES = {
    SubGrid: lambda grids: Q(grid__in=grids),
    Compound: selectors.compound_in,
    Building: selectors.building_in,
    Unit: selectors.unit_in,
}


def _node(request, model, pk):
    """A node of the tree in a grid the user may see (grid workers: their own grids), else 404.

    A compound spanning grids is reached from each of them; a building or unit from the grid it falls in.
    """
    grids = selectors.grids_for(request.access).values("pk")
    node = model.objects.filter(SCOPES[model](grids), pk=pk).first()
    if node is None:
        raise Http404
    return node


@requires("grids.edit")
def grid_create(request, code):
    if not _can_draw_grids(request):
        raise PermissionDenied
    form = GridForm(request.POST or None, community=request.community)
    return _form_page(request, form, title="新建网格")


@requires("grids.edit")
def grid_edit(request, code, pk):
    grid = selectors.get_grid_for(request.access, pk)
    form = GridForm(request.POST or None, instance=grid, community=request.community)
    if not request.access.has("grids.draw"):
        for field in ("number", "name", "workers"):
            form.fields[field].disabled = True  # the office numbers grids and assigns their workers
    return _form_page(request, form, title=f"修改{grid}：包网格干部与网格员", grid=grid, grid_id=grid.pk)


@requires("grids.edit")
def subgrid_form(request, code, grid_pk=None, pk=None):
    subgrid = _node(request, SubGrid, pk) if pk else None
    grid = subgrid.grid if subgrid else selectors.get_grid_for(request.access, grid_pk)
    form = SubGridForm(request.POST or None, instance=subgrid, parent=grid)
    title = f"修改片格：{subgrid}" if subgrid else f"{grid} 新增片格"
    return _form_page(request, form, title=title, grid=grid, grid_id=grid.pk)


@requires("grids.edit")
def compound_form(request, code, grid_pk=None, pk=None):
    compound = _node(request, Compound, pk) if pk else None
    grid = compound.grid if compound else selectors.get_grid_for(request.access, grid_pk)
    form = CompoundForm(request.POST or None, instance=compound, parent=grid)
    title = f"修改小区：{compound}（物业经理包小区）" if compound else f"{grid} 新增小区"
    return _form_page(request, form, title=title, grid=grid, grid_id=grid.pk)


@requires("grids.edit")
def committee_form(request, code, pk):
    compound = _node(request, Compound, pk)
    committee = OwnersCommittee.objects.filter(compound=compound).first()
    form = CommitteeForm(request.POST or None, instance=committee, parent=compound)
    title = f"{compound.name} 业主委员会（业委会包楼长）"
    return _form_page(request, form, title=title, grid=compound.grid, grid_id=compound.grid_id)


@requires("grids.edit")
def building_form(request, code, compound_pk=None, pk=None):
    building = _node(request, Building, pk) if pk else None
    compound = building.compound if building else _node(request, Compound, compound_pk)
    form = BuildingForm(request.POST or None, instance=building, parent=compound)
    title = f"修改楼栋：{building}（楼长包单元长）" if building else f"{compound.name} 新增楼栋"
    grid = building.grid if building and building.grid_id else compound.grid
    return _form_page(request, form, title=title, grid=grid, grid_id=grid.pk)


@requires("grids.edit")
def unit_form(request, code, building_pk=None, pk=None):
    unit = _node(request, Unit, pk) if pk else None
    building = unit.building if unit else _node(request, Building, building_pk)
    form = UnitForm(request.POST or None, instance=unit, parent=building)
    title = f"修改单元：{building}{unit}（单元长包家长）" if unit else f"{building} 新增单元"
    grid = building.grid if building.grid_id else building.compound.grid
    return _form_page(request, form, title=title, grid=grid, grid_id=grid.pk)
