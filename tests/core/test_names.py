"""Names Windows reserves as file names (ioc_core/names.py): device names in any case, with any extension, and
names ending in a dot or a space."""

from __future__ import annotations

import pytest

from ioc_core.names import reserved_file_name


@pytest.mark.parametrize("name", ["con", "Nul", "AUX", "prn", "aux.json", "nul.txt", "com1", "COM9", "lpt1.json",
                                  "a.", "x ", "con ."])
def test_reserved(name):
    assert reserved_file_name(name)


@pytest.mark.parametrize("name", ["console", "com0", "com10", "lpt", "cong", "nul-1", "ban-do", "thu.nghiem"])
def test_not_reserved(name):
    assert reserved_file_name(name) is None
