from django import forms

from community.models import Membership, Role, User

from .models import Building, Compound, Grid, OwnersCommittee, SubGrid, Unit


class GridForm(forms.ModelForm):
    class Meta:
        model = Grid
        fields = ["number", "name", "cadre", "cadre_name", "cadre_phone", "workers"]
        widgets = {"workers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(community=community)
        self.fields["cadre"].queryset = User.objects.filter(
            pk__in=members.filter(role__in=[Role.STAFF, Role.SECRETARY]).values("user")
        )
        self.fields["cadre"].label_from_instance = lambda u: u.display_name
        self.fields["workers"].queryset = User.objects.filter(
            pk__in=members.filter(role=Role.GRID_WORKER).values("user")
        )
        self.fields["workers"].label_from_instance = lambda u: u.display_name
        self.community = community

    def clean(self):
        data = super().clean()
        for field in ("number", "name"):
            value = data.get(field)
            clash = Grid.objects.filter(community=self.community, **{field: value}).exclude(
                pk=self.instance.pk
            )
            if value is not None and clash.exists():
                self.add_error(field, "本社区已有该网格编号或名称。")
        return data


class SubGridForm(forms.ModelForm):
    class Meta:
        model = SubGrid
        fields = ["name", "leader_name", "leader_phone"]


class CompoundForm(forms.ModelForm):
    class Meta:
        model = Compound
        fields = ["name", "subgrid", "property_company", "property_manager", "property_manager_phone"]

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subgrid"].queryset = SubGrid.objects.filter(grid=grid)


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = OwnersCommittee
        fields = ["name", "chair_name", "chair_phone", "members", "elected_on"]
        widgets = {
            "elected_on": forms.DateInput(attrs={"type": "date"}),
            "members": forms.Textarea(attrs={"rows": 3}),
        }


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = ["number", "head_name", "head_phone"]


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["number", "head_name", "head_phone"]
