"""Writes examples/demo/: a clearly SYNTHETIC five-year dataset (2018-2022) for trying every notebook.

The rows take the structure of data/figures/2020.csv (ids, sections, programs, indicators, units,
flows, parents, counts_for, notes); the values are invented, year by year, from the tables below;
the raw report texts are written here for the demo (their first line says 示例数据（合成，非真实统计）)
and every figure's quote is a verbatim fragment of them. Deterministic: no randomness, so running it
again rewrites the same bytes.

    .venv/bin/python scripts/make_demo.py            # writes examples/demo/
    .venv/bin/python scripts/make_demo.py --check    # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STRUCTURE = ROOT / "data" / "figures" / "2020.csv"
OUT = ROOT / "examples" / "demo"
YEARS = [2018, 2019, 2020, 2021, 2022]
MARK = "示例数据（合成，非真实统计）"  # the same words as analysis.report.html.DEMO_MARK
REGION = "示例区"
BUREAU = "示例区民政局(示例数据)"

# Value of each figure per year, as printed. A figure missing from a year is not reported that year.
E = (2020, 2021, 2022)  # the epidemic years
SERIES: dict[str, dict[int, str]] = {
    # 疫情防控: only 2020-2022
    "epidemic.elderly_admissions.count": dict(zip(E, ["710", "765", "742"])),
    "epidemic.institutions_tested.count": dict(zip(E, ["27", "28", "28"])),
    "epidemic.funeral_institutions_tested.count": dict(zip(E, ["13", "13", "12"])),
    "epidemic.price_subsidy.spend": dict(zip(E, ["636.03", "210.4", "318.75"])),
    "epidemic.social_work_agencies.count": dict(zip(E, ["13", "15", "16"])),
    "epidemic.social_workers.count": dict(zip(E, ["150", "168", "181"])),
    "epidemic.donations.income": dict(zip(E, ["1175.55", "86.3", "42.6"])),
    "epidemic.donations.spend": dict(zip(E, ["1151.97", "80.5", "40.3"])),
    "epidemic.donations.equipment.spend": {2020: "411.5", 2021: "28.6"},
    # 社会救助
    "assistance.basic_living.spend": dict(zip(YEARS, ["8650.4", "9210.75", "9867.01", "10342.58", "10815.36"])),
    "assistance.vagrants.person_times": dict(zip(YEARS, ["342", "318", "296", "270", "255"])),
    "assistance.vagrants_returned.person_times": dict(zip(YEARS, ["45", "41", "38", "35", "33"])),
    "assistance.children_in_distress.count": dict(zip(YEARS, ["2", "1", "1", "3", "2"])),
    "assistance.long_stay_settled.count": {2020: "58"},
    # 养老服务
    "elderly.new_beds.count": dict(zip(YEARS, ["420", "560", "890", "640", "700"])),
    "elderly.canteens.count": dict(zip(YEARS, ["12", "17", "23", "28", "31"])),
    "elderly.home_care.persons": dict(zip(YEARS, ["290", "325", "363", "390", "402"])),
    "elderly.home_care.spend": dict(zip(YEARS, ["98.6", "112.45", "129.39", "142.8", "150.26"])),
    "elderly.longevity_allowance.persons": dict(zip(YEARS, ["2", "2.1", "2.2", "2.3", "2.4"])),
    "elderly.longevity_allowance.spend": dict(zip(YEARS, ["985.2", "1046.64", "1121.08", "1180.5", "1236.72"])),
    # 儿童福利
    "children.unsupported_allowance.rate": dict(zip(YEARS, ["1500", "1600", "1800", "1900", "2000"])),
    "children.subsidies.items": dict(zip(YEARS, ["3"] * 5)),
    "children.subsidies.spend": dict(zip(YEARS, ["120.5", "138.62", "157.21", "168.4", "175.9"])),
    # 基层治理
    "governance.retired_cadres.count": dict(zip(YEARS, ["2480", "2525", "2569", "2601", "2633"])),
    "governance.retired_cadres.spend": dict(zip(YEARS, ["1320", "1385", "1447", "1502", "1530"])),
    "governance.committee_removed.count": dict(zip(YEARS, ["9", "12", "15", "21", "6"])),
    "governance.committee_elected.count": dict(zip(YEARS, ["20", "25", "32", "47", "12"])),
    "governance.social_work_training.sessions": dict(zip(YEARS, ["30", "35", "40", "44", "42"])),
    "governance.social_work_training.person_times": dict(zip(YEARS, ["1800", "2150", "2500", "2700", "2650"])),
    # 社会组织
    "orgs.services_optimised.count": dict(zip(YEARS, ["12", "18", "25", "30", "33"])),
    "orgs.annual_reports.count": dict(zip(YEARS, ["398", "411", "426", "440", "452"])),
    "orgs.inspection_issue_types.count": dict(zip(YEARS, ["4", "4", "5", "6", "6"])),
    "orgs.self_checks.count": dict(zip(YEARS, ["230", "244", "258", "266", "271"])),
    "orgs.site_inspections.count": dict(zip(YEARS, ["45", "50", "58", "62", "60"])),
    "orgs.decoupled.count": dict(zip(YEARS, ["5", "6", "8", "3", "2"])),
    "orgs.decoupled.deregistered.count": dict(zip(YEARS, ["1", "1", "2", "1", "1"])),
    "orgs.fee_waivers.waiver": dict(zip(E, ["27.98", "15.6", "9.84"])),
    "orgs.departure_audits.count": dict(zip(YEARS, ["32", "36", "40", "43", "45"])),
    "orgs.event_filings.count": dict(zip(YEARS, ["44", "48", "51", "39", "42"])),
    "orgs.private_schools.count": dict(zip(YEARS, ["2", "3", "4", "2", "1"])),
    "orgs.private_kindergartens.count": dict(zip(YEARS, ["1", "2", "3", "2", "1"])),
    "orgs.charter_filings.count": dict(zip(YEARS, ["80", "88", "98", "104", "96"])),
    # 社会事务
    "affairs.marriage_records_digitised.count": {2020: "22"},
    "affairs.marriages.count": dict(zip(YEARS, ["4420", "4260", "4095", "3980", "3710"])),
    "affairs.divorces.count": dict(zip(YEARS, ["1390", "1450", "1473", "1510", "1402"])),
    "affairs.place_names.count": dict(zip(YEARS, ["31", "35", "39", "42", "40"])),
    "affairs.building_renames.count": dict(zip(YEARS, ["2", "3", "1", "2", "4"])),
    "affairs.funeral_relief.cases": dict(zip(YEARS, ["5210", "5335", "5457", "5620", "5884"])),
    "affairs.funeral_relief.waiver": dict(zip(YEARS, ["463", "474", "486", "501", "525"])),
    "affairs.welfare_lottery.sales": dict(zip(YEARS, ["1.052", "1.12", "1.186", "1.253", "1.097"])),
}

# The quote of each figure, [[id]] standing for its value and [[year]] for the year. Every quote
# is a fragment of one sentence of SECTIONS below.
QUOTES = {
    "epidemic.elderly_admissions.count": "全年按程序新入住老人[[epidemic.elderly_admissions.count]]名",
    "epidemic.institutions_tested.count": "儿童福利、救助管理等[[epidemic.institutions_tested.count]]家民政服务机构",
    "epidemic.funeral_institutions_tested.count": "[[epidemic.funeral_institutions_tested.count]]家殡葬服务机构实行全员核酸检测",
    "epidemic.price_subsidy.spend": "发放物价临时补贴[[epidemic.price_subsidy.spend]]万元",
    "epidemic.social_work_agencies.count": "全区共有[[epidemic.social_work_agencies.count]]家社工机构",
    "epidemic.social_workers.count": "共[[epidemic.social_workers.count]]名工作者参与一线疫情防控工作",
    "epidemic.donations.income": "共收到防控捐款[[epidemic.donations.income]]万元",
    "epidemic.donations.spend": "支出[[epidemic.donations.spend]]万元",
    "epidemic.donations.equipment.spend": "防疫设备支出[[epidemic.donations.equipment.spend]]万元",
    "assistance.basic_living.spend": "全年共发放[[assistance.basic_living.spend]]万元",
    "assistance.vagrants.person_times": "共救助流浪乞讨人员[[assistance.vagrants.person_times]]人次",
    "assistance.vagrants_returned.person_times": "帮助返乡[[assistance.vagrants_returned.person_times]]人次",
    "assistance.children_in_distress.count": "救助困境儿童[[assistance.children_in_distress.count]]名",
    "assistance.long_stay_settled.count": "3年累计为[[assistance.long_stay_settled.count]]名长期滞留人员办理户籍落户手续",
    "elderly.new_beds.count": "新增养老床位[[elderly.new_beds.count]]张",
    "elderly.canteens.count": "[[elderly.canteens.count]]间长者食堂投入运营",
    "elderly.home_care.persons": "为[[elderly.home_care.persons]]名困难老年人提供居家养老服务",
    "elderly.home_care.spend": "支出[[elderly.home_care.spend]]万元",
    "elderly.longevity_allowance.persons": "全区80周岁及以上长者[[elderly.longevity_allowance.persons]]万人",
    "elderly.longevity_allowance.spend": "累计支出[[elderly.longevity_allowance.spend]]万元",
    "children.unsupported_allowance.rate": "提高至每人每月[[children.unsupported_allowance.rate]]元",
    "children.subsidies.items": "三项共发放[[children.subsidies.spend]]万元",
    "children.subsidies.spend": "三项共发放[[children.subsidies.spend]]万元",
    "governance.retired_cadres.count": "完成[[governance.retired_cadres.count]]名正常离任村干部信息采集",
    "governance.retired_cadres.spend": "落实补助发放资金[[governance.retired_cadres.spend]]万元",
    "governance.committee_removed.count": "村委会成员[[governance.committee_removed.count]]人",
    "governance.committee_elected.count": "补选[[governance.committee_elected.count]]人",
    "governance.social_work_training.sessions": "[[year]]年举办培训[[governance.social_work_training.sessions]]场次",
    "governance.social_work_training.person_times": "累计培训[[governance.social_work_training.person_times]]人次",
    "orgs.services_optimised.count": "优化[[orgs.services_optimised.count]]项政务服务事项",
    "orgs.annual_reports.count": "共有[[orgs.annual_reports.count]]个社会组织完成年报工作",
    "orgs.inspection_issue_types.count": "梳理问题[[orgs.inspection_issue_types.count]]类",
    "orgs.self_checks.count": "完成登记档案自查[[orgs.self_checks.count]]个",
    "orgs.site_inspections.count": "现场检查[[orgs.site_inspections.count]]个",
    "orgs.decoupled.count": "全年共[[orgs.decoupled.count]]个行业协会商会完成脱钩",
    "orgs.decoupled.deregistered.count": "其中[[orgs.decoupled.deregistered.count]]个已注销",
    "orgs.fee_waivers.waiver": "减免会费[[orgs.fee_waivers.waiver]]万元",
    "orgs.departure_audits.count": "对[[orgs.departure_audits.count]]家社会组织进行离任审计",
    "orgs.event_filings.count": "完成重大活动报备[[orgs.event_filings.count]]宗",
    "orgs.private_schools.count": "协调处理[[orgs.private_schools.count]]所民办学校",
    "orgs.private_kindergartens.count": "[[orgs.private_kindergartens.count]]所民办幼儿园转制",
    "orgs.charter_filings.count": "新制订或修订章程备案[[orgs.charter_filings.count]]宗",
    "affairs.marriage_records_digitised.count": "完成婚姻登记历史数据补录[[affairs.marriage_records_digitised.count]]万条",
    "affairs.marriages.count": "办理结婚登记[[affairs.marriages.count]]对",
    "affairs.divorces.count": "离婚登记[[affairs.divorces.count]]对",
    "affairs.place_names.count": "各类地理实体命名[[affairs.place_names.count]]条",
    "affairs.building_renames.count": "建筑物更名[[affairs.building_renames.count]]条",
    "affairs.funeral_relief.cases": "惠民殡葬减免[[affairs.funeral_relief.cases]]宗",
    "affairs.funeral_relief.waiver": "惠民殡葬减免[[affairs.funeral_relief.cases]]宗共[[affairs.funeral_relief.waiver]]万元",
    "affairs.welfare_lottery.sales": "福利彩票销售[[affairs.welfare_lottery.sales]]亿元",
}

# The report text: per section a heading and sentences; a sentence naming a figure the year does
# not have is left out. The ordinal of each section heading is assigned at render time.
SECTIONS = [
    ("做好民政领域疫情防控工作", [
        "对养老、儿童福利机构实施分级分类管理,全年按程序新入住老人[[epidemic.elderly_admissions.count]]名。",
        "对养老服务、儿童福利、救助管理等[[epidemic.institutions_tested.count]]家民政服务机构和[[epidemic.funeral_institutions_tested.count]]家殡葬服务机构实行全员核酸检测。",
        "向低保对象、特困人员、孤儿等发放物价临时补贴[[epidemic.price_subsidy.spend]]万元。",
        "全区共有[[epidemic.social_work_agencies.count]]家社工机构、共[[epidemic.social_workers.count]]名工作者参与一线疫情防控工作。",
        "共收到防控捐款[[epidemic.donations.income]]万元,支出[[epidemic.donations.spend]]万元。",
        "其中防疫设备支出[[epidemic.donations.equipment.spend]]万元。",
    ]),
    ("兜好困难群众基本生活保障底线", [
        "提高城乡低保、特困人员供养、孤儿基本生活费和残疾人两项补贴标准,全年共发放[[assistance.basic_living.spend]]万元。",
        "[[year]]年共救助流浪乞讨人员[[assistance.vagrants.person_times]]人次,帮助返乡[[assistance.vagrants_returned.person_times]]人次。",
        "救助困境儿童[[assistance.children_in_distress.count]]名。",
        "3年累计为[[assistance.long_stay_settled.count]]名长期滞留人员办理户籍落户手续。",
    ]),
    ("加快养老服务发展", [
        "新增养老床位[[elderly.new_beds.count]]张。",
        "[[elderly.canteens.count]]间长者食堂投入运营。",
        "为[[elderly.home_care.persons]]名困难老年人提供居家养老服务,支出[[elderly.home_care.spend]]万元。",
        "做好高龄津贴发放,全区80周岁及以上长者[[elderly.longevity_allowance.persons]]万人,累计支出[[elderly.longevity_allowance.spend]]万元。",
    ]),
    ("健全儿童福利服务体系", [
        "事实无人抚养儿童基本生活补贴提高至每人每月[[children.unsupported_allowance.rate]]元,发放孤儿助学金和重病儿童生活救助金,三项共发放[[children.subsidies.spend]]万元。",
    ]),
    ("加强基层政权建设和城乡社区治理", [
        "完成[[governance.retired_cadres.count]]名正常离任村干部信息采集,落实补助发放资金[[governance.retired_cadres.spend]]万元。",
        "清理不符合任职条件的村委会成员[[governance.committee_removed.count]]人,补选[[governance.committee_elected.count]]人。",
        "[[year]]年举办培训[[governance.social_work_training.sessions]]场次,累计培训[[governance.social_work_training.person_times]]人次。",
    ]),
    ("推进社会组织工作发展", [
        "优化[[orgs.services_optimised.count]]项政务服务事项。",
        "共有[[orgs.annual_reports.count]]个社会组织完成年报工作。",
        "开展社会服务机构专项整治,梳理问题[[orgs.inspection_issue_types.count]]类,完成登记档案自查[[orgs.self_checks.count]]个、现场检查[[orgs.site_inspections.count]]个。",
        "全年共[[orgs.decoupled.count]]个行业协会商会完成脱钩(其中[[orgs.decoupled.deregistered.count]]个已注销)。",
        "减免会费[[orgs.fee_waivers.waiver]]万元。",
        "对[[orgs.departure_audits.count]]家社会组织进行离任审计,完成重大活动报备[[orgs.event_filings.count]]宗,协调处理[[orgs.private_schools.count]]所民办学校、[[orgs.private_kindergartens.count]]所民办幼儿园转制。",
        "社会组织新制订或修订章程备案[[orgs.charter_filings.count]]宗。",
    ]),
    ("强化社会事务管理", [
        "完成婚姻登记历史数据补录[[affairs.marriage_records_digitised.count]]万条。",
        "办理结婚登记[[affairs.marriages.count]]对,离婚登记[[affairs.divorces.count]]对。",
        "各类地理实体命名[[affairs.place_names.count]]条,建筑物更名[[affairs.building_renames.count]]条。",
        "惠民殡葬减免[[affairs.funeral_relief.cases]]宗共[[affairs.funeral_relief.waiver]]万元,福利彩票销售[[affairs.welfare_lottery.sales]]亿元。",
    ]),
]

# Plans announced in the report about Y-1 for Y: (id, section, item, target, unit, quote); the
# numeric ones are matched by id with Y's figures (达成 / 未达成; 2023 has no figures yet).
PLANS: dict[int, list[tuple[str, str, str, str, str, str]]] = {
    2019: [
        ("elderly.new_beds.count", "养老服务", "新增养老床位不少于500张", "500", "张", "新增养老床位不少于500张"),
        ("elderly.canteens.count", "养老服务", "长者食堂增加到18间", "18", "间", "长者食堂增加到18间"),
        ("governance.social_work_training.person_times", "基层治理", "社工培训不少于2000人次", "2000", "人次", "社工培训不少于2000人次"),
        ("affairs.marriage_registration_smart", "社会事务", "推进婚姻登记工作智能化", "", "", "推进婚姻登记工作智能化"),
    ],
    2020: [
        ("elderly.new_beds.count", "养老服务", "新增养老床位不少于800张", "800", "张", "新增养老床位不少于800张"),
        ("elderly.canteens.count", "养老服务", "长者食堂增加到22间", "22", "间", "长者食堂增加到22间"),
        ("governance.social_work_training.person_times", "基层治理", "社工培训不少于2400人次", "2400", "人次", "社工培训不少于2400人次"),
        ("children.left_behind_care", "儿童福利", "落实留守儿童和困境儿童关爱保障", "", "", "落实留守儿童和困境儿童关爱保障"),
    ],
    2021: [
        ("elderly.new_beds.count", "养老服务", "新增养老床位不少于700张", "700", "张", "新增养老床位不少于700张"),
        ("elderly.canteens.count", "养老服务", "长者食堂增加到28间", "28", "间", "长者食堂增加到28间"),
        ("governance.social_work_training.person_times", "基层治理", "社工培训不少于2600人次", "2600", "人次", "社工培训不少于2600人次"),
        ("epidemic.normalised_prevention", "疫情防控", "做好民政服务机构常态化疫情防控工作", "", "", "做好民政服务机构常态化疫情防控工作"),
        ("governance.village_elections", "基层治理", "依时保质完成村级换届选举", "", "", "依时保质完成村级换届选举"),
    ],
    2022: [
        ("elderly.new_beds.count", "养老服务", "新增养老床位不少于700张", "700", "张", "新增养老床位不少于700张"),
        ("elderly.canteens.count", "养老服务", "长者食堂增加到33间", "33", "间", "长者食堂增加到33间"),
        ("governance.social_work_training.person_times", "基层治理", "社工培训不少于2800人次", "2800", "人次", "社工培训不少于2800人次"),
        ("orgs.party_building_coverage", "社会组织", "深入推进社会组织党的组织和工作“两个覆盖”", "", "", "深入推进社会组织党的组织和工作“两个覆盖”"),
    ],
    2023: [
        ("elderly.new_beds.count", "养老服务", "新增养老床位不少于750张", "750", "张", "新增养老床位不少于750张"),
        ("elderly.canteens.count", "养老服务", "长者食堂增加到35间", "35", "间", "长者食堂增加到35间"),
        ("governance.social_work_training.person_times", "基层治理", "社工培训不少于3000人次", "3000", "人次", "社工培训不少于3000人次"),
        ("affairs.marriage_office_relocation", "社会事务", "完成婚姻登记处规范化建设改造", "", "", "完成婚姻登记处规范化建设改造"),
    ],
}

ORDINALS = "一二三四五六七八九十"
PLACEHOLDER = re.compile(r"\[\[([a-z0-9_.]+)\]\]")
FIGURE_COLUMNS = ["id", "year", "section", "program", "indicator", "value", "unit", "flow", "parent",
                  "quote", "note", "counts_for", "funding", "comparability"]
PLAN_COLUMNS = ["id", "year", "section", "item", "target", "unit", "quote"]

# Notes of 2020 that say something true only of the real 2020 report are replaced.
NOTES = {
    "epidemic.price_subsidy.spend": "SYNTHETIC. To 低保对象, 特困人员, 孤儿 and others during the epidemic; a separate payment, not part of assistance.basic_living.spend.",
    "epidemic.donations.equipment.spend": "SYNTHETIC. 其中: part of the donation spending (防疫设备); counted once, in its parent.",
    "elderly.new_beds.count": "SYNTHETIC.",
    "elderly.home_care.spend": "SYNTHETIC. For the 困难老年人 of elderly.home_care.persons.",
    "orgs.decoupled.deregistered.count": "SYNTHETIC. 其中: part of the decoupled associations.",
    "governance.retired_cadres.count": "SYNTHETIC. Cadres whose records were collected, not the recipients of the subsidy (no per-person amount).",
}


def render(template: str, values: dict[str, str], year: int) -> str | None:
    """The template with its placeholders filled, or None if the year lacks one of its figures."""
    names = PLACEHOLDER.findall(template)
    if any(n != "year" and n not in values for n in names):
        return None
    return PLACEHOLDER.sub(lambda m: str(year) if m.group(1) == "year" else values[m.group(1)], template)


def raw_text(year: int) -> str:
    values = {i: s[year] for i, s in SERIES.items() if year in s}
    lines = [MARK, "", f"{REGION}民政局{year}年工作成效及{year + 1}年工作计划(示例,合成数据)", "",
             f"本文为演示本项目而编写的合成文本:{REGION}是虚构的地区,文中数字均为虚构,不是任何民政部门的真实统计。", "",
             f"一、{year}年工作成效", ""]
    n = 0
    for heading, sentences in SECTIONS:
        body = "".join(s for s in (render(t, values, year) for t in sentences) if s)
        if body:
            lines += [f"({ORDINALS[n]}){heading}。{body}", ""]
            n += 1
    lines += [f"二、{year + 1}年工作计划", ""]
    for k, plan in enumerate(PLANS.get(year + 1, [])):
        lines += [f"{ORDINALS[k]}是{plan[5]}。", ""]
    lines += [f"{REGION}民政局(示例)", ""]
    return "\n".join(lines)


def csv_text(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def figures(year: int, structure: list[dict]) -> list[dict]:
    values = {i: s[year] for i, s in SERIES.items() if year in s}
    rows = []
    for row in structure:
        if row["id"] not in values:
            continue
        quote = render(QUOTES[row["id"]], values, year)
        note = NOTES.get(row["id"], ("SYNTHETIC. " + row["note"]).strip())
        rows.append({**row, "year": str(year), "value": values[row["id"]], "quote": quote, "note": note})
    present = {r["id"] for r in rows}
    for r in rows:  # a parent or a counted money figure missing that year: drop the link
        r["parent"] = r["parent"] if r["parent"] in present else ""
        r["counts_for"] = r["counts_for"] if r["counts_for"] in present else ""
    return rows


def plans(year: int) -> list[dict]:
    return [dict(zip(PLAN_COLUMNS, (pid, str(year), section, item, target, unit, quote)))
            for pid, section, item, target, unit, quote in PLANS[year]]


def change_table() -> str:
    """The README table of the money figures and the plan-tracked counts, year by year."""
    shown = ["assistance.basic_living.spend", "elderly.longevity_allowance.spend", "elderly.longevity_allowance.persons",
             "elderly.home_care.spend", "governance.retired_cadres.spend", "children.subsidies.spend",
             "epidemic.price_subsidy.spend", "epidemic.donations.income", "epidemic.donations.spend",
             "affairs.funeral_relief.waiver", "affairs.welfare_lottery.sales", "elderly.new_beds.count",
             "elderly.canteens.count", "governance.social_work_training.person_times", "affairs.marriages.count",
             "assistance.vagrants.person_times", "children.unsupported_allowance.rate"]
    structure = {r["id"]: r for r in read_structure()}
    lines = ["| id | program · indicator | unit | " + " | ".join(map(str, YEARS)) + " |",
             "|---|---|---|" + "---:|" * len(YEARS)]
    for i in shown:
        r = structure[i]
        cells = [SERIES[i].get(y, "—") for y in YEARS]
        lines.append(f"| `{i}` | {r['program']} · {r['indicator']} | {r['unit']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plan_table() -> str:
    lines = ["| plan for | id | target | actual | status |", "|---|---|---:|---:|---|"]
    for year, items in PLANS.items():
        for pid, _, _, target, unit, _ in items:
            if not target:
                continue
            actual = SERIES[pid].get(year)
            status = "无数据 (no figures)" if actual is None else ("达成" if float(actual) >= float(target) else "未达成")
            lines.append(f"| {year} | `{pid}` | {target} {unit} | {actual or '—'} | {status} |")
    return "\n".join(lines)


def read_structure() -> list[dict]:
    with STRUCTURE.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def dataset_yml(raws: dict[int, str]) -> str:
    lines = [
        "# SYNTHETIC demo data: an invented district (示例区), invented report texts and invented figures,",
        "# written by scripts/make_demo.py to try every notebook over several years. Not a real bureau and",
        "# not real statistics; never cite it. Rows follow the structure of data/figures/2020.csv.",
        "synthetic: true",
        f"region: {REGION}",
        f"bureau: {BUREAU}",
        f"bureau_short: {REGION}民政局",
        "currency_unit: 元",
        "sources:",
    ]
    for year, text in raws.items():
        lines += [
            f"  {year}:",
            f"    file: raw/{year}.txt",
            f"    title: {REGION}民政局{year}年工作成效及{year + 1}年工作计划(示例,合成数据)",
            "    publisher: SYNTHETIC (scripts/make_demo.py)",
            "    url: null",
            f"    published: {year + 1}-03-01",
            "    accessed: 2026-11-29",
            f"    sha256: {hashlib.sha256(text.encode('utf-8')).hexdigest()}",
            f"    covers: [{year}]",
            f"    plans_for: {year + 1}",
        ]
    lines += [
        "# Changes built in, year by year (the whole table: examples/demo/README.md):",
        "#   基本生活保障 8650.4 -> 9210.75 -> 9867.01 -> 10342.58 -> 10815.36 万元 (steady growth);",
        "#   高龄津贴 985.2 -> ... -> 1236.72 万元, 2.0万 -> 2.4万人; 结婚登记 4420 -> 3710 对 (falling);",
        "#   流浪乞讨人员救助 342 -> 255 人次 (falling); 福利彩票 1.052 -> 1.253 (2021) -> 1.097亿元 (2022 dip);",
        "#   疫情防控 (up to 9 rows) only 2020-2022, donations 1175.55 -> 86.3 -> 42.6 万元; 防疫设备 only 2020-2021;",
        "#   会费减免 only 2020-2022; 长期滞留人员落户 (3-year total) and 婚姻登记历史数据补录 only 2020.",
        "#   Plans (plans/Y.csv, quoting raw/(Y-1).txt): 新增养老床位 达成 2019, 2020, 2022, 未达成 2021;",
        "#   长者食堂 未达成 2019, 2022, 达成 2020, 2021; 社工培训 达成 2019-2021, 未达成 2022; 2023 无数据.",
    ]
    return "\n".join(lines) + "\n"


README = """# Demo dataset (SYNTHETIC: 示例数据（合成，非真实统计）)

**Nothing here is real.** 示例区 is an invented district; the report texts in `raw/` were written
for this demo and every number in them is made up. The dataset exists so that every notebook —
`overview`, `comparison` and `trends` — has something to show on day one, over five years
(2018–2022), without touching the real data in `data/`. `dataset.yml` says `synthetic: true`, so
every report built from it carries 示例数据（合成，非真实统计） on the PDF's title page and at the top
of every HTML page.

Build the demo report (latest year 2022, compared with 2021, trends 2018–2022):

```bash
analysis validate --data-dir examples/demo
analysis report --data-dir examples/demo --out reports/demo
```

Same layout as `data/`: `raw/YYYY.txt` (first line 示例数据（合成，非真实统计）), `figures/YYYY.csv`,
`plans/YYYY.csv` (2019–2023, each quoting `raw/(YYYY-1).txt`), `dataset.yml` (sha256 of each raw
file). The rows keep the structure of `data/figures/2020.csv`: same ids, sections, programs,
indicators, units, flows, parents and counts_for; the notes start with `SYNTHETIC.`.
All files are written by `scripts/make_demo.py` (deterministic, no randomness); edit the tables
there and rerun it rather than editing the files (`--check` tells whether they are current).

## Changes built in, year to year

Values as printed (— = not reported that year):

{changes}

Further documented changes:

* 疫情防控 (up to 9 figures) exists only in 2020–2022: the trends notebook sees programs appear; the
  donations fall from 1175.55万元 (2020) to 86.3 (2021) and 42.6 (2022); 防疫设备支出 (a 其中 part
  of the donation spending) only in 2020 and 2021.
* 会费减免 (a waiver, never spending) only in 2020–2022.
* One-off figures only in 2020: 3年累计为58名长期滞留人员办理户籍落户 (a three-year total) and
  婚姻登记历史数据补录22万条.
* 村委会成员 清理/补选 peak in 2021 (21 / 47, the village election year), then fall to 6 / 12.
* 行业协会商会脱钩 peaks in 2020 (8, 其中2个已注销) and falls to 2 in 2022.
* The other figures change by small invented amounts each year; small counts (救助困境儿童 1–3,
  民办学校 1–4, 建筑物更名 1–4) go up and down. Every value is in `SERIES` in `scripts/make_demo.py`.

## Plans and how they turned out

{plans}
"""


def build() -> dict[Path, str]:
    structure = read_structure()
    raws = {y: raw_text(y) for y in YEARS}
    files: dict[Path, str] = {}
    for year in YEARS:
        files[OUT / "raw" / f"{year}.txt"] = raws[year]
        rows = figures(year, structure)
        for r in rows:
            assert r["quote"] in raws[year], (year, r["id"], r["quote"])
        files[OUT / "figures" / f"{year}.csv"] = csv_text(FIGURE_COLUMNS, rows)
    for year in PLANS:
        rows = plans(year)
        for r in rows:
            assert r["quote"] in raws[year - 1], (year, r["id"])
        files[OUT / "plans" / f"{year}.csv"] = csv_text(PLAN_COLUMNS, rows)
    files[OUT / "dataset.yml"] = dataset_yml(raws)
    files[OUT / "README.md"] = README.format(changes=change_table(), plans=plan_table())
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ from what this script writes")
    args = parser.parse_args(argv)
    files = build()
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)} ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
