#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora: python3 make_seeds.py SOURCE_DIR OUT_DIR.

OUT_DIR/toml: the seed scenario's scenario.toml and every TOML file under scenarios/, with the
files they name given as paths from a sibling folder (toml_fuzz writes its input into small/,
next to a copy of each scenarios/ folder). OUT_DIR/csv: one input per CSV table of the seed
scenario (a byte choosing the table, then its text) and the first lines of the scenarios/ tables
of the same names. OUT_DIR/load: the seed scenario as one input of "--- NAME" sections.
"""
import pathlib
import re
import sys

source, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
small = source / "tests/fuzz/seeds/small"
scenarios = source / "scenarios"
HEAD_LINES = 40  # of a built-in table: enough rows to reach every reader, small enough to mutate


def write(path: pathlib.Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


write(out / "toml/small.toml", (small / "scenario.toml").read_bytes())
for toml in sorted(scenarios.glob("*/*.toml")):
    folder = toml.parent.name
    text = re.sub(r'"([A-Za-z0-9_.-]+\.(csv|toml))"', rf'"../{folder}/\1"', toml.read_text())
    write(out / f"toml/{folder}-{toml.stem}.toml", text.encode())

# csv_fuzz picks the table by its first byte modulo the number of tables, in name order.
tables = sorted(p.name for p in small.glob("*.csv"))
for index, name in enumerate(tables):
    write(out / f"csv/small-{name}", bytes([index]) + (small / name).read_bytes())
    for table in sorted(scenarios.glob(f"*/{name}")):
        head = b"".join(table.read_bytes().splitlines(keepends=True)[:HEAD_LINES])
        write(out / f"csv/{table.parent.name}-{name}", bytes([index]) + head)

packed = b"".join(b"--- " + p.name.encode() + b"\n" + p.read_bytes()
                  for p in sorted(small.iterdir()) if p.is_file())
write(out / "load/small", packed)

# Every word-like string literal the readers compare with, and the text a few cells take.
words = set()
for source_file in sorted((source / "scenarios").glob("*.cpp")):
    words.update(re.findall(r'"([A-Za-z_][A-Za-z0-9_]{1,40})"', source_file.read_text()))
words.update(["[[", "]]", '= "', '"""', "2024/25 M01", "2025/26", "NHSE", ";", "*", "\n", "\r\n"])


def dictionary_entry(word: str) -> str:
    """A libFuzzer dictionary line: quotes and backslashes escaped, control bytes as \\xHH."""
    escaped = "".join(
        "\\" + c if c in '"\\' else c if " " <= c <= "~" else f"\\x{ord(c):02X}" for c in word)
    return f'"{escaped}"\n'


write(out / "scenario.dict", "".join(dictionary_entry(w) for w in sorted(words)).encode())
