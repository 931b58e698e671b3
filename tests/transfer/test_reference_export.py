from residents.transfer.admin import EthnicityResource


def test_the_ethnicity_reference_exports_with_chinese_headers(db):
    dataset = EthnicityResource().export()
    assert dataset.headers == ["代码", "民族名称", "简称", "罗马字母拼写", "字母代码"]
    assert len(dataset) == 58
    assert dataset[2][:2] == ("03", "回族")
