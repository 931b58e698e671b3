from django.db import migrations


def merge_duplicate_compounds(apps, schema_editor):
    """A 小区 is one place: compounds of one community with the same name (an import made one per grid)
    become one, the first made. Its buildings from another grid keep that grid (``Building.grid``);
    buildings and units with the same number are merged; households keep their own grid."""
    Compound = apps.get_model("grids", "Compound")
    Building = apps.get_model("grids", "Building")
    Unit = apps.get_model("grids", "Unit")
    OwnersCommittee = apps.get_model("grids", "OwnersCommittee")
    Household = apps.get_model("residents", "Household")
    groups = {}
    for compound in Compound.objects.order_by("pk"):
        groups.setdefault((compound.community_id, compound.name), []).append(compound)
    for compounds in groups.values():
        survivor, duplicates = compounds[0], compounds[1:]
        for dup in duplicates:
            for building in Building.objects.filter(compound=dup).order_by("pk"):
                same = Building.objects.filter(compound=survivor, number=building.number).first()
                if same is None:
                    grid_id = building.grid_id or dup.grid_id
                    building.compound_id = survivor.pk
                    building.grid_id = None if grid_id == survivor.grid_id else grid_id
                    building.save(update_fields=["compound", "grid"])
                    continue
                for unit in Unit.objects.filter(building=building).order_by("pk"):
                    same_unit = Unit.objects.filter(building=same, number=unit.number).first()
                    if same_unit is None:
                        unit.building_id = same.pk
                        unit.save(update_fields=["building"])
                    else:
                        Household.objects.filter(unit=unit).update(unit=same_unit)
                        unit.delete()
                Household.objects.filter(building=building).update(building=same)
                building.delete()
            Household.objects.filter(compound=dup).update(compound=survivor)
            committee = OwnersCommittee.objects.filter(compound=dup).first()
            if committee is not None:
                if OwnersCommittee.objects.filter(compound=survivor).exists():
                    kept = OwnersCommittee.objects.get(compound=survivor)
                    kept.members = "；".join(
                        p for p in [kept.members, f"{committee.name} {committee.chair_name}".strip()] if p
                    )
                    kept.save(update_fields=["members"])
                    committee.delete()
                else:
                    committee.compound_id = survivor.pk
                    committee.save(update_fields=["compound"])
            for field in ("property_company", "property_manager", "property_manager_phone"):
                if not getattr(survivor, field) and getattr(dup, field):
                    setattr(survivor, field, getattr(dup, field))
            survivor.save()
            dup.delete()


class Migration(migrations.Migration):
    """Apart from the schema changes around it: on PostgreSQL a table whose rows were just changed cannot have
    an index created (0002's deferred index) or a constraint added (0004) in the same transaction."""

    dependencies = [("grids", "0002_compound_spans_grids"), ("residents", "0004_resident_list_order")]

    operations = [migrations.RunPython(merge_duplicate_compounds, migrations.RunPython.noop)]
