"""Inputs that used to take the machine down or stop the batch (issue 15, item 4), each made here as a
generated file: a PNG and a PDF that declare billions of pixels, a named pipe, a socket, a symbolic-link
loop, a page Tesseract refuses, a run killed with its temporary files in flight, a `--db` that is not a
store, a copy of a file that fails. Each is named in one line and the rest goes on, in bounded memory."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from pipeline.ingest import IngestError, ingest
from pipeline.ingest.ocr import binarise, write_binarised
from tests.ingest_inputs import ROOT, clean_text, scan_pages, text_pdf, tiff_bytes

# --------------------------------------------------------------------------- generated hostile files


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(path: Path, width: int, height: int) -> Path:
    """A valid one-bit PNG of width x height white pixels: a few hundred KB on disk, width*height
    bytes once decoded by PIL (1.6 GB for 40000^2, 4 bytes a pixel once converted to colour)."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    block = row * 512
    parts = []
    for top in range(0, height, 512):
        parts.append(packer.compress(block if height - top >= 512 else row * (height - top)))
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", b"".join(parts))
                     + _png_chunk(b"IEND", b""))
    return path


def _pdf(path: Path, page_size: tuple[int, int], content: bytes, image: bytes | None = None) -> Path:
    """A one-page PDF written by hand: `content` drawn on a page of page_size points, with Helvetica
    as /F1 and `image` (a whole image XObject: dictionary and stream) as /Im0."""
    resources = b"/Font << /F1 5 0 R >>" + (b" /XObject << /Im0 6 0 R >>" if image else b"")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << %s >> /Contents 4 0 R >>"
        % (*page_size, resources),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if image:
        objects.append(image)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def bomb_pdf(path: Path, side: int = 35000) -> Path:
    """OCRmyPDF's hugemono.pdf, made here: an 8400-point square page holding a side x side one-bit
    image (Flate, ~150 KB), and a line of text in its text layer."""
    row = b"\xff" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    parts = [packer.compress(row * 1000) for _ in range(side // 1000)]
    parts += [packer.compress(row * (side % 1000)), packer.flush()]
    pixels = b"".join(parts)
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
             b"/BitsPerComponent 1 /Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, len(pixels))
             + pixels + b"\nendstream")
    content = b"q 8400 0 0 8400 0 0 cm /Im0 Do Q BT /F1 200 Tf 300 8000 Td (Quyet dinh so 12) Tj ET"
    return _pdf(path, (8400, 8400), content, image)


# Run by `measured` in a fresh interpreter, which runs the command and reports its rusage: a child
# forked from pytest starts with pytest's resident size as its peak (the kernel carries the forked
# copy's high-water mark across exec), so once a test has loaded the restoration model into pytest
# every command measured 700 MB. Forked from this small launcher, the command's peak is its own.
_LAUNCHER = """
import json, os, subprocess, sys
report, cwd, args = sys.argv[1], sys.argv[2], sys.argv[3:]
proc = subprocess.Popen(args, cwd=cwd)
_pid, status, usage = os.wait4(proc.pid, 0)
with open(report, "w") as fh:
    json.dump({"returncode": os.waitstatus_to_exitcode(status), "maxrss_kb": usage.ru_maxrss}, fh)
"""


def measured(args: list[str], tmp: Path, timeout: float = 120, env: dict[str, str] | None = None,
             ) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run a command; its result, its peak memory in MB (its own and its waited-for children's, from
    wait4) and its time in seconds. Killed after `timeout` s (a hang is a failure, not a stuck test)."""
    stdout, stderr, report = tmp / "cmd.stdout", tmp / "cmd.stderr", tmp / "cmd.rusage"
    with open(stdout, "w") as out, open(stderr, "w") as err:
        started = time.monotonic()
        launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(report), str(ROOT), *args],
                                    stdout=out, stderr=err, env=env or decree_env(), start_new_session=True)
        killer = threading.Timer(timeout, lambda: os.killpg(launcher.pid, signal.SIGKILL))
        killer.start()
        try:
            launcher.wait()
        finally:
            killer.cancel()
        seconds = time.monotonic() - started
    assert seconds < timeout, f"{args} was killed after {timeout} s:\n{stderr.read_text()}"
    usage = json.loads(report.read_text())
    result = subprocess.CompletedProcess(args, usage["returncode"], stdout.read_text(), stderr.read_text())
    return result, usage["maxrss_kb"] / 1024, seconds


def decree_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    env.update(extra)
    return env


def decree_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def one_line_naming(stderr: str, name: str) -> str:
    lines = [ln for ln in stderr.splitlines() if name in ln]
    assert len(lines) == 1, f"expected one line naming {name}:\n{stderr}"
    return lines[0]


# --------------------------------------------------------------------------- pixel limits


def test_a_png_declaring_40000_squared_pixels_is_refused_from_its_header(tmp_path: Path):
    bomb = bomb_png(tmp_path / "bomb.png", 40000, 40000)
    assert bomb.stat().st_size < 400_000
    result, peak_mb, seconds = measured(decree_cmd("ocr", str(bomb)), tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = one_line_naming(result.stderr, "bomb.png")
    assert "40000 x 40000" in line and "--max-pixels" in line
    # Decoding it took 19 GB and 4 minutes; refused from its header it costs what starting does.
    assert peak_mb < 400, f"peak memory {peak_mb:.0f} MB"
    assert seconds < 60


def test_max_pixels_is_the_users_to_set(tmp_path: Path):
    page = scan_pages(clean_text(1), dpi=100)[0]
    page.save(tmp_path / "page.png")
    pixels = page.width * page.height
    with pytest.raises(IngestError, match="--max-pixels"):
        ingest(tmp_path / "page.png", ocr="never", max_pixels=pixels - 1)
    assert ingest(tmp_path / "page.png", ocr="never", max_pixels=pixels).pages[0].width == page.width


def test_a_tiff_page_over_the_limit_is_a_page_warning_and_the_other_pages_are_read(tmp_path: Path):
    small = Image.new("L", (300, 400), 255)
    large = Image.new("L", (1500, 1500), 255)
    path = tmp_path / "mixed.tiff"
    path.write_bytes(tiff_bytes([small, large, small]))
    doc = ingest(path, ocr="never", image_dir=tmp_path / "pages", max_pixels=1_000_000)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].image and doc.pages[2].image and doc.pages[1].image is None
    over = [w for w in doc.warnings if "page 2" in w]
    assert len(over) == 1 and "1500 x 1500" in over[0] and "--max-pixels" in over[0]


def test_a_pdf_page_holding_a_35000_squared_image_is_not_decoded_and_its_text_is_kept(tmp_path: Path):
    pdf = bomb_pdf(tmp_path / "hugemono.pdf")
    assert pdf.stat().st_size < 1_000_000
    result, peak_mb, seconds = measured(decree_cmd("ocr", "--ocr", "always", str(pdf)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    line = one_line_naming(result.stderr, "35000 x 35000")
    assert "hugemono.pdf" in line and "page 1" in line and "--max-pixels" in line
    assert "Quyet dinh so 12" in result.stdout  # the text layer is still read
    assert peak_mb < 500, f"peak memory {peak_mb:.0f} MB"  # was 13 GB
    assert seconds < 90


def test_a_pdf_page_too_large_at_300_dpi_is_rendered_within_the_limit(tmp_path: Path):
    pdf = _pdf(tmp_path / "poster.pdf", (595, 842), b"BT /F1 24 Tf 72 700 Td (Ke hoach so 3) Tj ET")
    doc = ingest(pdf, ocr="never", image_dir=tmp_path / "pages", max_pixels=2_000_000)
    page = doc.pages[0]
    assert page.image is not None
    with Image.open(page.image) as kept:
        assert kept.width * kept.height <= 2_000_000
        assert kept.width > 1000  # as large as the limit allows, not a thumbnail
    assert page.dpi is not None and page.dpi < 300
    assert any("rendered at" in w and "--max-pixels" in w for w in doc.warnings)


def test_binarising_in_strips_gives_the_same_pixels(tmp_path: Path):
    page = scan_pages(clean_text(1), style="photocopy", dpi=100)[0]
    with open(tmp_path / "page.pgm", "wb") as fh:
        write_binarised(page, fh)
    with Image.open(tmp_path / "page.pgm") as written:
        assert written.size == page.size
        assert written.tobytes() == binarise(page).tobytes()
    levels = binarise(page).histogram()
    assert levels[0] and levels[255] and not any(levels[1:255])


# --------------------------------------------------------------------------- Tesseract errors


def test_a_page_tesseract_refuses_is_a_page_warning_and_the_document_goes_on(tmp_path: Path):
    text_page = scan_pages(clean_text(1), dpi=150)[0]
    # Tesseract refuses any image wider than 32767 pixels ("Image too large"); 2 million pixels
    # is well under our own limit.
    strip = Image.new("L", (33000, 60), 255)
    path = tmp_path / "three.tiff"
    path.write_bytes(tiff_bytes([text_page, strip, text_page]))
    doc = ingest(path, ocr="always")
    assert [bool(p.readings) for p in doc.pages] == [True, False, True]
    first, third = (doc.pages[i].readings[0].text for i in (0, 2))
    assert first.strip() and third == first
    warning = one_line_naming("\n".join(doc.warnings), "page 2")
    assert "OCR failed" in warning and "too large" in warning.lower()
    assert "(1," not in warning and "'" not in warning  # never pytesseract's (status, message) tuple


# --------------------------------------------------------------------------- a hostile input folder


def test_pipes_sockets_loops_bombs_and_copies_of_failed_files_are_each_named_and_the_batch_finishes(
        tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(clean_text(2) + "\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.pdf").symlink_to("loop.pdf")
    (folder / "dangling.pdf").symlink_to("nowhere.pdf")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "up").symlink_to(".", target_is_directory=True)  # a link back up the tree
    sock = socket.socket(socket.AF_UNIX)
    sock_path = folder / "s.sock"
    sock.bind(str(sock_path))
    bomb_png(folder / "bomb.png", 40000, 40000)
    broken = text_pdf(tmp_path / "whole.pdf", [["Kế hoạch thi đua"]] * 3).read_bytes()
    (folder / "broken.pdf").write_bytes(broken[: len(broken) // 3])
    (folder / "copy of broken.pdf").write_bytes(broken[: len(broken) // 3])
    out = tmp_path / "out"
    try:
        result, peak_mb, _ = measured(decree_cmd("run", str(folder), "--out", str(out), "--workers", "2"),
                                      tmp_path, timeout=300)
    finally:
        sock.close()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    expected = {"pipe.txt": "named pipe", "loop.pdf": "loop", "dangling.pdf": "broken symbolic link",
                "zero.txt": "character device", "s.sock": "socket", "bomb.png": "--max-pixels",
                "broken.pdf": "damaged", "copy of broken.pdf": "same content as"}
    for name, words in expected.items():
        assert words in one_line_naming(result.stderr, f"{os.sep}{name}:"), name
    errors = {Path(e["source"]).name: e["error"]
              for e in map(json.loads, (out / "errors.jsonl").read_text(encoding="utf-8").splitlines())}
    assert set(errors) == set(expected)
    for name, words in expected.items():
        assert words in errors[name], (name, errors[name])
    assert "broken.pdf, which failed: damaged" in errors["copy of broken.pdf"]
    assert len(list((out / "restored").glob("*.txt"))) == 1  # good.txt, once (not again via up/)
    assert peak_mb < 600, f"peak memory {peak_mb:.0f} MB"


def test_a_named_pipe_given_by_name_is_refused_not_waited_on(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    result, _, _ = measured(decree_cmd("ocr", str(tmp_path / "pipe.txt")), tmp_path, timeout=60)
    assert result.returncode == 1
    assert "named pipe" in one_line_naming(result.stderr, "pipe.txt")


# --------------------------------------------------------------------------- temporary files


def _leftovers(tmp_root: Path) -> list[Path]:
    return sorted(p for p in tmp_root.rglob("*") if p.is_file())


def test_a_run_killed_with_kill_9_leaves_temporary_files_that_the_next_run_removes(tmp_path: Path):
    tmp_root = tmp_path / "systmp"
    tmp_root.mkdir()
    env = decree_env(TMPDIR=str(tmp_root))
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "long.tiff").write_bytes(tiff_bytes(scan_pages(clean_text(12), dpi=150)))
    proc = subprocess.Popen(decree_cmd("run", str(scans), "--out", str(tmp_path / "out"), "--workers", "1"),
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        # Tesseract at work: our page file (decree_*.pgm) and pytesseract's (tess_*) are there.
        while not any(p.name.startswith(("decree_", "tess_")) for p in _leftovers(tmp_root)):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "no OCR temporary file appeared"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    left = _leftovers(tmp_root)
    assert left, "the kill left nothing: the test did not kill mid-page"
    assert all(f"decree-{os.getuid()}" in p.parts for p in left), left  # all inside the runs' folder

    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text(clean_text(1) + "\n", encoding="utf-8")
    result, _, _ = measured(decree_cmd("run", str(small), "--out", str(tmp_path / "out2")), tmp_path,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert _leftovers(tmp_root) == []


# --------------------------------------------------------------------------- the store


def test_the_store_and_its_secret_are_created_readable_by_their_owner_only(tmp_path: Path):
    from pipeline.review.security import load_or_create_secret, secret_path
    from pipeline.store import Store

    db = tmp_path / "new" / "decrees.db"
    with Store(db):
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    load_or_create_secret(secret_path(db))
    assert stat.S_IMODE(secret_path(db).stat().st_mode) == 0o600


def test_decree_run_creates_its_store_mode_0600(tmp_path: Path):
    (tmp_path / "a.txt").write_text(clean_text(1) + "\n", encoding="utf-8")
    result, _, _ = measured(decree_cmd("run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")),
                            tmp_path)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "out" / "decrees.db").stat().st_mode) == 0o600


NOT_A_STORE_COMMANDS = [
    ["run", "{txt}", "--out", "{out}", "--db", "{db}"],
    ["export", "--db", "{db}", "--out", "{out}"],
    ["users", "list", "--db", "{db}"],
    ["users", "add", "ana", "--password-stdin", "--db", "{db}"],
    ["review", "--db", "{db}", "--port", "18765"],
]


# `run` makes a new store in an empty file, as in a new path: that case is not an error.
@pytest.mark.parametrize(("command", "kind"), [
    pytest.param(command, kind, id=f"{command[0]}{'-' + command[1] if command[0] == 'users' else ''}-{kind}")
    for command in NOT_A_STORE_COMMANDS for kind in ("text", "empty", "folder")
    if not (command[0] == "run" and kind == "empty")
])
def test_a_db_that_is_not_a_store_is_one_line_and_exit_2(tmp_path: Path, command: list[str], kind: str):
    (tmp_path / "a.txt").write_text(clean_text(1) + "\n", encoding="utf-8")
    db = tmp_path / "notastore.txt"
    if kind == "text":
        db.write_text("these are my notes, not a database\n", encoding="utf-8")
    elif kind == "empty":
        db.write_bytes(b"")
    else:
        db.mkdir()
    before = db.read_bytes() if db.is_file() else None
    args = [a.format(txt=tmp_path / "a.txt", out=tmp_path / "out", db=db) for a in command]
    proc = subprocess.run(decree_cmd(*args), input="secret password\n", capture_output=True, text=True,
                          cwd=ROOT, env=decree_env(), timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("decree: ") and "notastore.txt" in lines[0], proc.stderr
    assert "store" in lines[0]
    if before is not None:
        assert db.read_bytes() == before  # never written into
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notastore")) == ["notastore.txt"]
