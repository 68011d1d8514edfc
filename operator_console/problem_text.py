"""The wall's problems in the console's language. The wall words them in English; a coded problem (ioc_core/messages.py)
is worded here from its code and the words it names: Vietnamese first, English through Qt's translator. A problem
the console has no words for keeps the wall's."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
import string

from ioc_core.messages import MESSAGES, word
from ioc_core.problems import Problem
from operator_console.preview import kind_name, tr


def texts() -> dict[str, str]:
    """Each code's words in the current language: built once per language (the translation of one of them tells
    which language is in use), not on each problem worded, which a drag in the layout editor does on each step."""
    return _texts_in(tr("thiếu trường «{field}»"))


@functools.lru_cache(maxsize=4)
def _texts_in(language_key: str) -> dict[str, str]:
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
        "entry.required": tr("cần điền"),
        "entry.not_a_field": tr("không phải một trường của mục này"),
        "entry.taken": tr("đã có trong danh mục ({name})"),
        "entry.in_view": tr("đã có trong màn hình của lĩnh vực «{sector}»"),
        "entry.added_not_in_use": tr("đã thêm rồi (đang không dùng được: xoá mục đó trước)"),
        "entry.group_in_use": tr("nhóm vẫn còn camera ({cameras}): hãy xoá các camera đó trước"),
        "entry.panel_full": tr("màn hình lĩnh vực đã đủ chỉ tiêu (tối đa {most})"),
        "edit.busy": tr("đã lưu; tường đang bận và sẽ nhận ngay khi có thể"),
        "camera.shown_meanwhile": tr("camera «{camera}» được đưa lên tường trong lúc đang xoá (vùng {regions})"),
        "camera.in_preset": tr("cảnh «{preset}» vẫn hiển thị camera «{camera}» (vùng {regions})"),
        "camera.in_layout": tr("bố cục «{layout}» vẫn hiển thị camera «{camera}» (vùng {regions})"),
        "layout.not_applied": tr("đã lưu nhưng chưa áp dụng: {reason}"),
        "layout.still_old": tr("tường vẫn hiển thị phiên bản trước lần lưu này cho đến khi bố cục được áp dụng lại"),
        "layout.meeting_gap": tr("cuộc họp đang nạp «{meeting}» dùng vùng «{region}» ở mục {items} của chương "
                                 "trình, nhưng bố cục này không còn vùng đó"),
        "save.exists": tr("bố cục «{layout}» đã có trên tường; hãy mở nó, hoặc lưu với mã khác"),
        "save.changed": tr("bố cục «{layout}» đã được sửa trên tường từ khi bạn mở (phiên bản của bạn {yours}, của "
                           "tường {theirs}); chưa lưu gì"),
        "save.gone": tr("bố cục «{layout}» không còn trên tường (đã bị xoá từ khi bạn mở); lưu lại để tạo mới"),
        "save.not_written": tr("bố cục «{layout}» chưa được lưu: {why} ({folder}); các tệp của tường không đổi"),
        "web.bad_characters": tr("«{url}» có dấu gạch ngược, dấu cách hoặc ký tự điều khiển (trình duyệt có thể hiểu "
                                 "khác): hãy mã hoá phần trăm"),
        "web.not_an_address": tr("«{url}» không phải một địa chỉ hợp lệ ({why})"),
        "web.scheme": tr("«{url}»: tường chỉ hiển thị trang http và https (không phải «{scheme}»)"),
        "web.no_host": tr("«{url}» không có tên máy chủ"),
        "web.idn_deviation": tr("«{url}» có tên máy chủ chứa ß hoặc ς: trình duyệt và bước kiểm tra này có thể hiểu "
                                "thành hai máy chủ khác nhau (hãy viết ở dạng xn--)"),
        "web.bad_domain": tr("«{url}» có tên máy chủ không phải tên miền hợp lệ"),
        "web.bad_ipv6": tr("«{url}» có máy chủ không phải địa chỉ IPv6"),
        "web.bad_host": tr("«{url}» có máy chủ không phải tên máy chủ («{host}»)"),
        "web.credentials": tr("«{url}» có tài khoản hoặc mật khẩu trước máy chủ «{host}»: tường không hiển thị địa chỉ "
                              "như vậy (trình duyệt sẽ đến máy chủ sau dấu '@', và mật khẩu sẽ nằm trong trạng thái)"),
        "web.not_allowed": tr("máy chủ «{host}» không có trong danh sách trang được phép của tường (được phép: "
                              "{allowed})"),
        "web.nothing_allowed": tr("máy chủ «{host}» không có trong danh sách trang được phép của tường (cấu hình "
                                  "tường chưa cho phép máy chủ nào)"),
        "name.reserved_device": tr("«{value}» không dùng được: {device} là tên thiết bị Windows dành riêng, không "
                                   "tệp nào được đặt tên như vậy (với mọi phần mở rộng); hãy chọn mã khác"),
        "name.trailing_dot": tr("«{value}» không dùng được: Windows bỏ dấu chấm hoặc dấu cách ở cuối tên tệp"),
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
        "layout.unknown_ref": tr("vùng «{region}» hiện {what} «{value}» không có trong danh mục (có: {known})"),
        "layout.room_too_small": tr("vùng «{region}» quá nhỏ cho {kind} đọc từ {distance} m: cần ít nhất "
                                    "{width} x {height} điểm ảnh"),
        "layout.room_no_tiles": tr("vùng «{region}» quá nhỏ để hiện ô nào trong {total} ô chỉ số khi đọc từ {distance} "
                                   "m: hãy dành thêm màn hình"),
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


def what_name(what: str) -> str:
    """What a view names (ioc_core/layouts/refs.py's Unknown.what) in the operator's words."""
    words = {"sector": tr("lĩnh vực"), "indicator": tr("chỉ tiêu"), "region": tr("xã, phường"),
             "layer": tr("lớp bản đồ"), "camera": tr("camera"), "camera group": tr("nhóm camera")}
    return words.get(what, what)


def describe_named(problem: Problem | dict, regions: dict[str, str] | None = None, sentence: bool = True) -> str:
    """``describe`` with the words an operator knows for what the problem names: a region by its title (``regions``:
    id -> title), a view by its kind's name, never the kind's id."""
    if isinstance(problem, dict):
        problem = Problem.from_json(problem)
    args = dict(problem.params)
    if isinstance(args.get("kind"), str) and args["kind"]:
        name = kind_name(args["kind"])
        args["kind"] = name[:1].lower() + name[1:]  # mid-sentence
    for key in ("region", "other"):
        if regions and args.get(key) in regions:
            args[key] = regions[args[key]]
    if isinstance(args.get("what"), str):  # what a view named that the catalogues lack, in the operator's words
        args["what"] = what_name(args["what"])
    return describe(dataclasses.replace(problem, args=tuple(args.items())), sentence)


def describe_reason(why: tuple[str, dict]) -> str:
    """A (code, args) reason of the wall's own checks run in the console (``WebAllowlist.reason``)."""
    code, args = why
    return describe(Problem("", "", word(code, **args), code=code, args=tuple(args.items())))


def describe_refusal(answer, sentence: bool = False) -> str:
    """A wall's refusal (an ``Answer``) in the console's language: its coded reason, else its first problem, else
    its reason as the wall gave it."""
    body = answer.body if isinstance(answer.body, dict) else {}
    if body.get("code"):
        return describe({"message": answer.reason(), "code": body["code"], "args": body.get("args") or {}}, sentence)
    if body.get("problems"):
        return describe(body["problems"][0], sentence)
    return answer.reason()


def _pattern(template: str) -> re.Pattern:
    """A template of ioc_core/messages.py as a pattern that finds the words it names in the wall's English."""
    out, seen = "", set()
    for literal, name, _, _ in string.Formatter().parse(template):
        out += re.escape(literal)
        if name:
            out += f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
            seen.add(name)
    return re.compile(f"^{out}$", re.DOTALL)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((code, _pattern(template)) for code, template in MESSAGES.items() if not code.startswith("schema."))


# "<file>: <JSON path>: warning: " before a problem's words (ioc_core/problems.Problem.__str__)
_WHERE = re.compile(r"^[^\s:][^:]*: (?:\$[^:]*: )?(?:warning: )?", re.DOTALL)
_STATE_NOT_SAVED = re.compile(r"^state not saved \((?P<why>.*)\): the wall shows it", re.DOTALL)
_AUDIT_NOT_WRITTEN = re.compile(r"^audit log not written: (?P<why>.*?)(?: \(held, written when there is room\))?$",
                                re.DOTALL)


def describe_warning(text: str, regions: dict[str, str] | None = None) -> str:
    """A warning of a command's answer (the wall's English, with the file and JSON path of a layout's problem) as
    an operator reads it: in the console's language, naming the region by its title and the view by its kind's
    name, without the file, the JSON path or an internal kind (those stay in the log and the tooltip)."""
    text = str(text)
    if m := _STATE_NOT_SAVED.match(text):
        return fill(tr("Chưa lưu được trạng thái (%1): tường vẫn hiển thị, nhưng sẽ trở về hình trước đó nếu "
                       "khởi động lại"), m["why"])
    if m := _AUDIT_NOT_WRITTEN.match(text):
        return fill(tr("Chưa ghi được nhật ký thao tác (%1): được giữ lại và ghi khi có chỗ"), m["why"])
    bare = _WHERE.sub("", text, count=1)
    for candidate in (text, bare):
        for code, pattern in _patterns():
            if m := pattern.match(candidate):
                args = dict(m.groupdict())
                if "kind" in args:
                    name = kind_name(args["kind"])
                    args["kind"] = name[:1].lower() + name[1:]  # mid-sentence
                if regions and args.get("region") in regions:
                    args["region"] = regions[args["region"]]
                return describe(Problem("", "", candidate, code=code, args=tuple(args.items())), sentence=True)
    return bare[:1].upper() + bare[1:]


def fill(template: str, value: str) -> str:
    return template.replace("%1", value)

