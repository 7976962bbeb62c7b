"""The review web app: archivists correct words and record fields beside the page image.

Server-rendered (FastAPI + Jinja2, htmx for the list filters and status buttons, a small script for
the keyboard). Every POST carries the session's CSRF token (form field or X-CSRF-Token header);
every page but the login page needs a signed-in user.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from PIL import Image, UnidentifiedImageError
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from pipeline.document import Document
from pipeline.review.desk import STATUS_LABELS, STATUSES, Conflict, Desk, EditError, FieldEdit, WordEdit
from pipeline.review.record_form import field_views, form_text, record_form, same_text, to_value
from pipeline.review.security import csrf_matches, load_or_create_secret, new_csrf_token, secret_path
from pipeline.review.users import Account, Users
from pipeline.review.view import page_views
from pipeline.store import Store
from pipeline.vietnamese import nfc

HERE = Path(__file__).resolve().parent
DOC_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SESSION_HOURS = 12
PAGE_SIZE = 100
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
DEFAULT_THRESHOLD = 0.8


@dataclass
class Settings:
    db: str
    data_dir: Path  # page images are served from under here only
    threshold: float = DEFAULT_THRESHOLD
    secret: str | None = None  # None: the key file next to the database


class NotSignedIn(Exception):
    pass


class BadCsrf(Exception):
    pass


def create_app(settings: Settings) -> FastAPI:
    store = Store(settings.db)
    users = Users(store)
    desk = Desk(store, settings.threshold)
    data_dir = settings.data_dir.resolve()
    secret = settings.secret or load_or_create_secret(secret_path(settings.db))

    app = FastAPI(title="decree review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="decree_review",
                       max_age=SESSION_HOURS * 3600, same_site="strict", https_only=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["statuses"] = STATUSES
    templates.env.globals["status_labels"] = STATUS_LABELS
    templates.env.filters["form_text"] = form_text
    app.state.store = store
    app.state.users = users
    app.state.desk = desk

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'")
        return response

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if request.method == "GET" and "hx-request" not in request.headers:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return HTMLResponse("Not signed in.", status_code=401)

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, exc: BadCsrf) -> Response:
        return page(request, "error.html", {"title": "Form expired",
                                             "message": "This form's security token is missing or stale. "
                                                        "Reload the page and try again."}, 403)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return page(request, "error.html", {"title": f"Error {exc.status_code}", "message": exc.detail},
                    exc.status_code)

    # ------------------------------------------------------------------ helpers

    def signed_in(request: Request) -> Account:
        name = request.session.get("user")
        user = users.get(name) if isinstance(name, str) else None
        # A changed password ends the sessions opened with the old one.
        if user is None or user.disabled or request.session.get("pw") != user.password_stamp:
            request.session.clear()
            raise NotSignedIn()
        request.state.user = user
        return user

    def csrf_token(request: Request) -> str:
        token = request.session.get("csrf")
        if not token:
            token = request.session["csrf"] = new_csrf_token()
        return token

    async def form_with_csrf(request: Request) -> Any:
        form = await request.form()
        given = request.headers.get("x-csrf-token") or form.get("csrf_token")
        if not csrf_matches(request.session.get("csrf"), given if isinstance(given, str) else None):
            raise BadCsrf()
        return form

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        user = getattr(request.state, "user", None)
        context = {"request": request, "user": user, "csrf_token": csrf_token(request), **context}
        return templates.TemplateResponse(request, name, context, status_code=status)

    def opened_or_404(doc_id: str) -> Any:
        if not DOC_ID.match(doc_id):
            raise HTTPException(404, "No such document.")
        opened = desk.open(doc_id)
        if opened is None:
            raise HTTPException(404, "No such document.")
        return opened

    def image_file(doc_id: str, number: int, doc: Document | None = None) -> Path | None:
        """The page image of a document: the run's pages/<doc_id>/<n>.png, else the page's own
        image path; either only when it lies under the data folder."""
        if not DOC_ID.match(doc_id):
            return None
        found = _under(data_dir / "pages" / doc_id / f"{number}.png", data_dir)
        if found is not None:
            return found
        if doc is None:
            opened = desk.open(doc_id)
            doc = opened.doc if opened is not None else None
        page = next((p for p in doc.pages if p.number == number), None) if doc is not None else None
        if page is None or not page.image:
            return None
        given = Path(page.image)
        return _under(given if given.is_absolute() else data_dir / given, data_dir)

    image_sizes: dict[tuple[str, float], tuple[int, int] | None] = {}

    def image_size(path: Path | None) -> tuple[int, int] | None:
        if path is None:
            return None
        key = (str(path), path.stat().st_mtime)
        if key not in image_sizes:
            try:
                with Image.open(path) as im:
                    image_sizes[key] = im.size
            except (OSError, UnidentifiedImageError):
                image_sizes[key] = None
        return image_sizes[key]

    # ------------------------------------------------------------------ sign in / out

    @app.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request, next: str = "/") -> Response:
        return page(request, "login.html", {"next": safe_next(next), "error": None})

    @app.post("/login", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        form = await form_with_csrf(request)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        target = safe_next(str(form.get("next", "/")))
        # argon2 is slow on purpose: keep it off the event loop.
        user = await run_in_threadpool(users.authenticate, name, password)
        if user is None:
            store.log("login_refused", who=name[:64] or "?", detail={"client": _client(request)})
            return page(request, "login.html", {"next": target, "error": "Wrong name or password."}, 401)
        # A fresh session (and CSRF token) on sign-in: no session fixation.
        request.session.clear()
        request.session.update({"user": user.name, "pw": user.password_stamp, "csrf": new_csrf_token()})
        store.log("login", who=user.name, detail={"client": _client(request)})
        return RedirectResponse(target, status_code=303)

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        await form_with_csrf(request)
        name = request.session.get("user")
        request.session.clear()
        if isinstance(name, str):
            store.log("logout", who=name)
        return RedirectResponse("/login", status_code=303)

    # ------------------------------------------------------------------ document list

    @app.get("/", response_class=HTMLResponse)
    async def document_list(request: Request, status: str = "", doc_type: str = "", year: str = "",
                            issuer: str = "", page_no: int = 1) -> Response:
        signed_in(request)
        filters = {"status": status, "doc_type": doc_type, "year": year, "issuer": issuer}
        # The first view after documents changed reads them: off the event loop, as every store call
        # that may take a while.
        rows, facets = await run_in_threadpool(desk.listing, **{k: v or None for k, v in filters.items()})
        page_no = max(1, page_no)
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        shown = rows[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE]
        context = {"rows": shown, "total": len(rows), "filters": filters, "facets": facets,
                   "page_no": page_no, "pages": pages, "threshold": settings.threshold}
        rows_only = (request.headers.get("hx-target") == "doc-rows"
                     and "hx-history-restore-request" not in request.headers)
        name = "_rows.html" if rows_only else "list.html"
        return page(request, name, context)

    # ------------------------------------------------------------------ document view

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    async def document_view(request: Request, doc_id: str) -> Response:
        signed_in(request)
        opened = opened_or_404(doc_id)
        sizes = {p.number: image_size(image_file(doc_id, p.number, opened.doc)) for p in opened.doc.pages}
        context = {"opened": opened, "doc": opened.doc, "fields": field_views(opened.doc),
                   "pages": page_views(opened.doc, settings.threshold, sizes),
                   "threshold": settings.threshold, "saved": None}
        saved = request.query_params.get("saved", "")
        if saved.isdigit():
            context["saved"] = int(saved)
        return page(request, "document.html", context)

    @app.get("/documents/{doc_id}/pages/{number}/image")
    async def page_image(request: Request, doc_id: str, number: int) -> Response:
        signed_in(request)
        path = image_file(doc_id, number)
        if path is None:
            raise HTTPException(404, "No such page image.")
        return FileResponse(path, headers={"Cache-Control": "private, max-age=300"})

    @app.post("/documents/{doc_id}/save", response_class=HTMLResponse)
    async def save(request: Request, doc_id: str) -> Response:
        user = signed_in(request)
        form = await form_with_csrf(request)
        opened_or_404(doc_id)
        try:
            words, fields = parse_edits(form)
            revision = int(str(form.get("revision", "")))
        except ValueError as exc:
            raise HTTPException(400, f"Bad request: {exc}") from exc
        try:
            saved = await run_in_threadpool(desk.save, doc_id, user.name, revision, words, fields)
        except Conflict as conflict:
            context = {"doc_id": doc_id, "conflict": conflict, "words": words, "fields": fields}
            return page(request, "conflict.html", context, 409)
        except EditError as exc:
            raise HTTPException(400, str(exc)) from exc
        return RedirectResponse(f"/documents/{doc_id}?saved={saved}", status_code=303)

    @app.post("/documents/{doc_id}/status", response_class=HTMLResponse)
    async def set_status(request: Request, doc_id: str) -> Response:
        user = signed_in(request)
        form = await form_with_csrf(request)
        opened_or_404(doc_id)
        status = str(form.get("status", ""))
        if status not in STATUSES:
            raise HTTPException(400, f"Unknown status {status!r}.")
        desk.set_status(doc_id, status, user.name)
        if "hx-request" in request.headers:
            return page(request, "_status.html", {"opened": desk.open(doc_id)})
        return RedirectResponse(f"/documents/{doc_id}", status_code=303)

    # ------------------------------------------------------------------ history

    @app.get("/documents/{doc_id}/history", response_class=HTMLResponse)
    async def history(request: Request, doc_id: str) -> Response:
        user = signed_in(request)
        opened = opened_or_404(doc_id)
        rows = desk.history(doc_id, user.name, user.is_admin)
        return page(request, "history.html", {"opened": opened, "rows": rows})

    @app.post("/documents/{doc_id}/corrections/{correction_id}/undo", response_class=HTMLResponse)
    async def undo(request: Request, doc_id: str, correction_id: int) -> Response:
        user = signed_in(request)
        await form_with_csrf(request)
        opened_or_404(doc_id)
        try:
            desk.undo(doc_id, correction_id, user.name, user.is_admin)
        except Conflict as conflict:
            return page(request, "conflict.html", {"doc_id": doc_id, "conflict": conflict, "words": [],
                                                   "fields": []}, 409)
        except EditError as exc:
            raise HTTPException(400, str(exc)) from exc
        return RedirectResponse(f"/documents/{doc_id}/history", status_code=303)

    return app


def _under(path: Path, folder: Path) -> Path | None:
    """`path` when it is an image file inside `folder` once every link and `..` is resolved, else
    None (the folder also holds the store, which is never served)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    if resolved.suffix.lower() not in IMAGE_SUFFIXES or not resolved.is_relative_to(folder):
        return None
    return resolved if resolved.is_file() else None


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def safe_next(target: str) -> str:
    """Only a path of this site: never an absolute URL another site could use to phish."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def parse_edits(form: Any) -> tuple[list[WordEdit], list[FieldEdit]]:
    """The edits of a save form: `word:<target>` (the new form) with `word_before:<target>` (the
    form the reviewer saw), and `field:<path>` with `field_before:<path>` (the stored value the form
    showed, as JSON). A field is an edit only when its text differs from what was shown."""
    words: list[WordEdit] = []
    fields: list[FieldEdit] = []
    for name in form.keys():
        kind, _, target = name.partition(":")
        if kind == "word":
            before = form.get(f"word_before:{target}")
            if before is None:
                raise ValueError(f"word {target} has no before value")
            words.append(WordEdit(target, nfc(str(before)), nfc(str(form.get(name)))))
        elif kind == "field":
            spec = record_form().spec(target)
            if spec is None:
                raise ValueError(f"unknown field {target!r}")
            try:
                before = json.loads(str(form.get(f"field_before:{target}", "null")))
            except json.JSONDecodeError as exc:
                raise ValueError(f"field {target} has a bad before value") from exc
            # Browsers may send decomposed letters (NFD) as typed; the store keeps NFC.
            text = nfc(str(form.get(name)))
            if not same_text(form_text(before), text):
                fields.append(FieldEdit(target, before, to_value(spec, text)))
    return words, fields
