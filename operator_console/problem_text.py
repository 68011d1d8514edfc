"""The wall's problems in the console's language. The wall words them in English; a coded problem (wall/messages.py)
is worded here from its code and the words it names: Vietnamese first, English through Qt's translator. A problem
the console has no words for keeps the wall's."""

from __future__ import annotations

import contextlib
import string

from operator_console.preview import tr
from wall.problems import Problem


def texts() -> dict[str, str]:
    """Each code's words in the current language (built on each call: the translator may have changed)."""
    return {
        "schema.required": tr("thiếu trường «{field}»"),
        "schema.unknown_field": tr("trường không dùng được ở đây: {fields}"),
        "schema.type": tr("«{value}» không phải kiểu {type}"),
        "schema.minimum": tr("«{value}» nhỏ hơn mức tối thiểu {limit}"),
        "schema.maximum": tr("«{value}» lớn hơn mức tối đa {limit}"),
        "schema.exclusiveMinimum": tr("«{value}» phải lớn hơn {limit}"),
        "schema.exclusiveMaximum": tr("«{value}» phải nhỏ hơn {limit}"),
        "schema.minLength": tr("«{value}» quá ngắn (ít nhất {limit} ký tự)"),
        "schema.maxLength": tr("«{value}» quá dài (nhiều nhất {limit} ký tự)"),
        "schema.minItems": tr("cần ít nhất {limit} phần tử"),
        "schema.maxItems": tr("chỉ được nhiều nhất {limit} phần tử"),
        "schema.enum": tr("«{value}» không thuộc các giá trị: {allowed}"),
        "schema.pattern": tr("«{value}» không hợp lệ ở đây"),
        "layout.not_object": tr("bố cục phải là một đối tượng JSON, không phải {type}"),
        "layout.bad_name": tr("«{value}» không hợp lệ ở đây (chữ thường không dấu, chữ số, '-' và '_', "
                              "hoặc địa chỉ http(s))"),
        "layout.duplicate_region": tr("mã vùng «{region}» bị trùng (đã dùng ở regions[{index}])"),
        "layout.unknown_view_kind": tr("loại hiển thị «{kind}» không có (các loại: {known})"),
        "layout.leaves_grid": tr("vùng «{region}» ra ngoài lưới: vùng chiếm hàng {row0}..{row1}, cột {col0}..{col1}, "
                                 "nhưng lưới chỉ có hàng 0..{last_row}, cột 0..{last_col}"),
        "layout.overlap": tr("vùng «{region}» chồng lên vùng «{other}» ở ô [{row}, {col}]"),
        "layout.black_cells": tr("{empty} trên {cells} ô của lưới không thuộc vùng nào và sẽ để đen"),
        "layout.bezel_cut": tr("vùng «{region}» hiện {kind} (chữ và số liệu) trên {screens} màn hình: số bị viền màn "
                               "hình cắt ngang thì không đọc được"),
    }


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def describe(problem: Problem | dict, sentence: bool = False) -> str:
    """``problem`` (or the API's JSON for one) in the console's language: as it reads after "Không lưu được: ",
    or with ``sentence`` as it reads alone (under a field, in a list), with a capital."""
    if isinstance(problem, dict):
        problem = Problem.from_json(problem)
    template = texts().get(problem.code)
    text = problem.message
    if template is not None:
        with contextlib.suppress(KeyError, IndexError, ValueError):  # a newer or older wall: its own words
            text = template.format(**problem.params)
    return text[:1].upper() + text[1:] if sentence else text
