"""Documents as the finished pipeline makes them, built with the document model directly, so the store
and the exports are tested on complete records whatever stage of growth ingest/restore/extract are at.

`make_document(i)` varies with `i` (type, dates, counts, which fields are missing) so a few hundred of
them cover every column's values, empties included.
"""

from __future__ import annotations

import hashlib

from pipeline.document import (
    Alternative,
    Awarded,
    CampaignRecord,
    Commemoration,
    Document,
    Line,
    Page,
    Period,
    Reading,
    Reference,
    Reward,
    Section,
    Signer,
    Span,
)

ISSUERS = ("UBND tỉnh Lạng Sơn", "UBND huyện Cao Lộc", "Sở Giáo dục và Đào tạo", "Hội Nông dân tỉnh")
DOC_TYPES = ("phat_dong", "ke_hoach", "bao_cao", "quyet_dinh", "cong_van")
EVENTS = ("thành lập Đảng Cộng sản Việt Nam", "Ngày sinh Chủ tịch Hồ Chí Minh", "Ngày Quốc khánh 2/9")

# The text as OCR without Vietnamese reads it, and what restoration makes of it, word for word.
GARBLED = ("UY BAN NHAN DAN", "TINH LANG SON", "Vé viéc phat dong phong trao thi dua nam {year}")
RESTORED = ("ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "Về việc phát động phong trào thi đua năm {year}")


def _line(garbled: str, restored: str, confidence: float) -> Line:
    line = Line.from_text(garbled)
    for word, form in zip(line.words, restored.split(), strict=True):
        word.restored = form
        word.confidence = confidence
        word.ocr_conf = 0.7
        word.alternatives = [Alternative(form, confidence), Alternative(word.text, 1 - confidence)]
    return line


def make_document(i: int, *, title: str | None = None, with_record: bool = True,
                  body_lines: int = 0) -> Document:
    year = 2015 + i % 8
    doc_type = DOC_TYPES[i % len(DOC_TYPES)]
    doc_id = hashlib.sha256(f"document {i}".encode()).hexdigest()[:16]
    lines = [_line(g.format(year=year), r.format(year=year), 0.6 + (i % 4) / 10)
             for g, r in zip(GARBLED, RESTORED, strict=True)]
    # A real page holds hundreds of words, each with its box: `body_lines` more of them, for benchmarks.
    for n in range(body_lines):
        line = _line(GARBLED[2].format(year=year), RESTORED[2].format(year=year), 0.9)
        for k, word in enumerate(line.words):
            word.box = (50.0 + 40 * k, 100.0 + 12 * n, 85.0 + 40 * k, 110.0 + 12 * n)
        lines.append(line)
    page = Page(number=1, width=595.0, height=842.0,
                readings=[Reading(kind="pdf_text", lines=lines, engine="pdf text layer")], primary="pdf_text")
    doc = Document(doc_id=doc_id, source=f"archive/{i:05d}.pdf", media_type="pdf", pages=[page], page_count=1)
    if not with_record:
        return doc
    commemorations = []
    if i % 3 == 0:
        years = 85 + i % 10
        commemorations.append(Commemoration(event=f"{years} năm {EVENTS[0]}", start="1930-02-03",
                                            end=f"{1930 + years}-02-03", years=years))
    if i % 4 == 1:
        commemorations.append(Commemoration(event=EVENTS[1 + i % 2]))
    record = CampaignRecord(
        doc_id=doc_id,
        source=doc.source,
        doc_type=doc_type,
        number=str(1000 + i),
        symbol="PĐ-UBND" if doc_type == "phat_dong" else "KH-UBND",
        issuer=ISSUERS[i % len(ISSUERS)],
        place="Lạng Sơn",
        issued_on=f"{year - 1}-12-{1 + i % 28:02d}" if i % 7 else None,
        title=title or RESTORED[2].format(year=year),
        theme=f"Thi đua lập thành tích chào mừng năm {year}" if i % 2 == 0 else None,
        period=Period(start=f"{year}-01-01", end=f"{year}-12-31", text=f"Từ tháng 01/{year} đến 12/{year}")
        if doc_type in ("phat_dong", "ke_hoach") else None,
        commemorations=commemorations,
        sections=[
            Section(kind="muc_dich", heading="I. MỤC ĐÍCH, YÊU CẦU",
                    text="Động viên cán bộ, công chức thi đua hoàn thành nhiệm vụ.",
                    items=["Phát huy truyền thống", "Hoàn thành kế hoạch"]),
            Section(kind="khen_thuong", heading="III. KHEN THƯỞNG", text="Khen thưởng kịp thời."),
        ],
        rewards=[Reward(form="Bằng khen", authority="Chủ tịch UBND tỉnh", recipients="tập thể",
                        criteria="Hoàn thành xuất sắc nhiệm vụ")] if i % 2 == 0 else [],
        awarded=[Awarded(form="Giấy khen", authority="Chủ tịch UBND huyện", collectives=3 + i % 5,
                         individuals=10 + i % 13, households=None if i % 3 else 2)]
        if doc_type == "bao_cao" else [],
        references=[Reference(kind="Chỉ thị", number="26/CT-TTg", date="2016-09-05", issuer="Thủ tướng")],
        recipients=["Ban TĐKT Trung ương", "Lưu: VT"],
        signer=Signer(name="Nguyễn Văn A", title="Chủ tịch", capacity="TM." if i % 2 else "KT."),
        confidence={"doc_type": 0.9, "title": 0.8, "issued_on": 0.95, "commemorations": 0.7, "rewards": 0.6,
                    "awarded": 0.75, "sections": 0.85, "references": 0.9, "recipients": 0.8, "theme": 0.5,
                    "period": 0.65, "number": 0.99, "issuer": 0.9, "signer": 0.7},
        spans={"title": [Span(page=1, line=2, start=0, end=len(RESTORED[2]))]},
    )
    doc.record = record
    doc.stages = ["ingest 0.1.0", "restore 0.1.0", "extract 0.1.0"]
    return doc
