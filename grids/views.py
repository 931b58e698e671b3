"""Grid pages: the list, a grid's tree with the person at each link, editing the chain, the gap view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from community.middleware import requires

from . import selectors, services
from .forms import BuildingForm, CommitteeForm, CompoundForm, GridForm, SubGridForm, UnitForm
from .models import Building, Compound, OwnersCommittee, SubGrid, Unit


@requires("grids.view")
def grid_list(request, code):
    return render(request, "grids/list.html", {"grids": selectors.grid_list(request.access)})


@requires("grids.view")
def grid_detail(request, code, pk):
    grid = selectors.grid_tree(selectors.get_grid_for(request.access, pk))
    return render(request, "grids/detail.html", {"grid": grid, "can_edit": request.access.has("grids.edit")})


@requires("grids.view")
def gap_view(request, code):
    gaps = selectors.gaps(request.access)
    total = sum(len(v) for v in gaps.values())
    return render(
        request,
        "grids/gaps.html",
        {"gaps": gaps, "total": total, "can_edit": request.access.has("grids.edit")},
    )


def _form_page(request, form, *, title, grid=None, on_saved, **parents):
    if request.method == "POST" and form.is_valid():
        try:
            node = services.node_save(form=form, actor=request.user, community=request.community, request=request,
                                      **parents)  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages).replace("Constraint", "约束"))
            form.add_error(None, "同一上级下名称或编号不能重复。")
        else:
            messages.success(request, f"已保存：{node}")
            return redirect(on_saved(node))
    return render(request, "grids/form.html", {"form": form, "title": title, "grid": grid})


def _detail_url(request, grid_id):
    from django.urls import reverse

    return reverse("grids:detail", kwargs={"code": request.community.code, "pk": grid_id})


@requires("grids.edit")
def grid_create(request, code):
    if request.access.role == "grid_worker":
        raise PermissionDenied  # new grids are drawn by the community office
    form = GridForm(request.POST or None, community=request.community)
    return _form_page(request, form, title="新建网格", on_saved=lambda g: _detail_url(request, g.pk))


@requires("grids.edit")
def grid_edit(request, code, pk):
    grid = selectors.get_grid_for(request.access, pk)
    form = GridForm(request.POST or None, instance=grid, community=request.community)
    if request.access.role == "grid_worker":
        form.fields["workers"].disabled = True  # a grid worker does not reassign grid workers
    return _form_page(
        request, form, title=f"修改 {grid}", grid=grid, on_saved=lambda g: _detail_url(request, g.pk)
    )


def _node(request, model, pk, grid_path):
    """A node of the tree whose grid the user may edit, else 404."""
    node = model.objects.filter(pk=pk, **{f"{grid_path}in": selectors.grids_for(request.access)}).first()
    if node is None:
        raise Http404
    return node


@requires("grids.edit")
def subgrid_form(request, code, grid_pk=None, pk=None):
    subgrid = _node(request, SubGrid, pk, "grid__") if pk else None
    grid = subgrid.grid if subgrid else selectors.get_grid_for(request.access, grid_pk)
    form = SubGridForm(request.POST or None, instance=subgrid)
    return _form_page(request, form, title="片格", grid=grid, grid_id=grid.pk,
                      on_saved=lambda n: _detail_url(request, grid.pk))  # fmt: skip


@requires("grids.edit")
def compound_form(request, code, grid_pk=None, pk=None):
    compound = _node(request, Compound, pk, "grid__") if pk else None
    grid = compound.grid if compound else selectors.get_grid_for(request.access, grid_pk)
    form = CompoundForm(request.POST or None, instance=compound, grid=grid)
    return _form_page(request, form, title="小区（物业经理包小区）", grid=grid, grid_id=grid.pk,
                      on_saved=lambda n: _detail_url(request, grid.pk))  # fmt: skip


@requires("grids.edit")
def committee_form(request, code, pk):
    compound = _node(request, Compound, pk, "grid__")
    committee = OwnersCommittee.objects.filter(compound=compound).first()
    form = CommitteeForm(request.POST or None, instance=committee)
    return _form_page(request, form, title=f"{compound.name} 业主委员会（业委会包楼长）", grid=compound.grid,
                      compound_id=compound.pk, on_saved=lambda n: _detail_url(request, compound.grid_id))  # fmt: skip


@requires("grids.edit")
def building_form(request, code, compound_pk=None, pk=None):
    building = _node(request, Building, pk, "compound__grid__") if pk else None
    compound = building.compound if building else _node(request, Compound, compound_pk, "grid__")
    form = BuildingForm(request.POST or None, instance=building)
    return _form_page(request, form, title=f"{compound.name} 楼栋（楼长包单元长）", grid=compound.grid,
                      compound_id=compound.pk, on_saved=lambda n: _detail_url(request, compound.grid_id))  # fmt: skip


@requires("grids.edit")
def unit_form(request, code, building_pk=None, pk=None):
    unit = _node(request, Unit, pk, "building__compound__grid__") if pk else None
    building = unit.building if unit else _node(request, Building, building_pk, "compound__grid__")
    form = UnitForm(request.POST or None, instance=unit)
    return _form_page(request, form, title=f"{building} 单元（单元长包家长）", grid=building.compound.grid,
                      building_id=building.pk,
                      on_saved=lambda n: _detail_url(request, building.compound.grid_id))  # fmt: skip
