"""django-import-export where it serves: the ethnicity reference (GB/T 3304) exported from the admin.

The reference is loaded by a migration and read-only in the admin (residents/admin.py), so only
export is offered: ``class EthnicityAdmin(ExportMixin, admin.ModelAdmin)`` with
``resource_classes = [EthnicityResource]``. The residents' import does not use django-import-export's
row-by-row path: the benchmark (bench/import_bench.py) needs the bulk fast path of importer.py.
"""

from import_export import fields, resources

from ..models import Ethnicity


class EthnicityResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="代码")
    name = fields.Field(attribute="name", column_name="民族名称")
    short_name = fields.Field(attribute="short_name", column_name="简称")
    roman = fields.Field(attribute="roman", column_name="罗马字母拼写")
    letter_code = fields.Field(attribute="letter_code", column_name="字母代码")

    class Meta:
        model = Ethnicity
        fields = ["code", "name", "short_name", "roman", "letter_code"]
        export_order = fields
        import_id_fields = ["code"]
