"""The review web app: archivists correct words and record fields beside the page image.

Server-rendered (FastAPI + Jinja2, htmx for the list filters and status buttons, a small script for
the keyboard). Every POST carries the session's CSRF token (form field or X-CSRF-Token header);
every page but the login page needs a signed-in user.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from PIL import Image, UnidentifiedImageError
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from pipeline.document import Document
from pipeline.review.desk import (
    STATUS_LABELS,
    STATUSES,
    WORD_TARGET,
    Conflict,
    Desk,
    EditError,
    FieldEdit,
    WordEdit,
    version_diff,
)
from pipeline.review.i18n import COOKIE as LANG_COOKIE
from pipeline.review.i18n import LANGUAGES, N_, choose, label, translator
from pipeline.review.record_form import (
    ITEM_PATH,
    FieldValueError,
    field_views,
    form_text,
    record_form,
    same_text,
    to_value,
)
from pipeline.review.security import csrf_matches, load_or_create_secret, new_csrf_token, secret_path
from pipeline.review.sessions import SESSION_SECONDS, Sessions, Throttle
from pipeline.review.users import Account, Users
from pipeline.review.users import account_from_row as account
from pipeline.review.view import PageSummary, PageView, page_summaries, page_views
from pipeline.search import FIELDS as SEARCH_FIELDS
from pipeline.search import Hit, SearchIndex, SearchUnavailable
from pipeline.store import DocumentNotFound, Store
from pipeline.vietnamese import nfc

HERE = Path(__file__).resolve().parent
DOC_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PAGE_SIZE = 100
FRAGMENT_CACHE = 256
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
DEFAULT_THRESHOLD = 0.8


@dataclass
class Settings:
    db: str
    data_dir: Path  # page images are served from under here only
    threshold: float = DEFAULT_THRESHOLD
    secret: str | None = None  # None: the key file next to the database
    # Mark the cookie Secure (sent over HTTPS only): `decree review` sets it when the app listens
    # on anything but loopback, or when asked (--secure-cookies).
    secure_cookies: bool = False


class NotSignedIn(Exception):
    pass


class BadCsrf(Exception):
    pass


def create_app(settings: Settings) -> FastAPI:
    store = Store(settings.db)
    users = Users(store)
    desk = Desk(store, settings.threshold)
    sessions = Sessions(store)
    throttle = Throttle(store)
    data_dir = settings.data_dir.resolve()
    secret = settings.secret or load_or_create_secret(secret_path(settings.db))

    app = FastAPI(title="decree review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="decree_review",
                       max_age=SESSION_SECONDS, same_site="strict", https_only=settings.secure_cookies)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["statuses"] = STATUSES
    templates.env.globals["status_labels"] = STATUS_LABELS
    templates.env.filters["form_text"] = form_text
    app.state.store = store
    app.state.users = users
    app.state.desk = desk

    app.add_middleware(SecurityHeaders)

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if request.method == "GET" and "hx-request" not in request.headers:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return HTMLResponse("Not signed in.", status_code=401)

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, exc: BadCsrf) -> Response:
        return page(request, "error.html", {"title": N_("Form expired"),
                                             "message": N_("This form's security token is missing or stale. "
                                                           "Reload the page and try again.")}, 403)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        context = {"title": N_("Error"), "code": exc.status_code, "message": exc.detail}
        return page(request, "error.html", context, exc.status_code)

    # ------------------------------------------------------------------ helpers

    def signed_in(request: Request) -> Account:
        # The cookie holds a session id only; the server's row says who (and ends at sign-out).
        sid = request.session.get("sid")
        found = sessions.user(sid) if isinstance(sid, str) else None
        held, row = found if found is not None else (None, None)
        user = account(row) if row is not None else None
        # A changed password ends the sessions opened with the old one.
        if held is None or user is None or user.disabled or held.password_stamp != user.password_stamp:
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

    def language(request: Request) -> str:
        return choose(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        user = getattr(request.state, "user", None)
        lang = language(request)
        gettext = translator(lang)
        context = {"request": request, "user": user, "csrf_token": csrf_token(request), "lang": lang,
                   "_": gettext, "label": lambda kind, code: label(kind, code, gettext), **context}
        response = templates.TemplateResponse(request, name, context, status_code=status)
        if request.query_params.get("lang") in LANGUAGES:
            # Asked for once in the address, kept for the next pages.
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="strict",
                                secure=settings.secure_cookies)
        return response

    async def rendered(request: Request, name: str, context: dict[str, Any],
                       status: int = 200) -> HTMLResponse:
        """A page rendered on a worker thread: a long document's template must not hold up the event
        loop (and every other reviewer's request with it)."""
        return await run_in_threadpool(page, request, name, context, status)

    async def auth(request: Request) -> Account:
        return await run_in_threadpool(signed_in, request)

    def opened_or_404(doc_id: str) -> Any:
        if not DOC_ID.match(doc_id):
            raise HTTPException(404, N_("No such document."))
        opened = desk.open(doc_id)
        if opened is None:
            raise HTTPException(404, N_("No such document."))
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
    # What every reviewer gets alike for a page in a given state (its words' HTML, the page strip's
    # figures): made once, not at each of 20 reviewers' requests.
    fragments: OrderedDict[Any, Any] = OrderedDict()
    fragments_lock = threading.Lock()

    def cached(key: Any, make: Any) -> Any:
        with fragments_lock:
            if key in fragments:
                fragments.move_to_end(key)
                return fragments[key]
        value = make()
        with fragments_lock:
            fragments[key] = value
            while len(fragments) > FRAGMENT_CACHE:
                fragments.popitem(last=False)
        return value

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
        client = _client(request)
        # Locked out: refused before the password is even checked, so guessing gains nothing.
        wait = await run_in_threadpool(throttle.wait, name, client)
        if wait > 0:
            store.log("login_throttled", who=name[:64] or "?", detail={"client": client, "wait": round(wait)})
            return too_many(request, target, wait)
        # argon2 is slow on purpose: keep it off the event loop.
        user = await run_in_threadpool(users.authenticate, name, password)
        if user is None:
            lock = await run_in_threadpool(throttle.failed, name, client)
            store.log("login_refused", who=name[:64] or "?", detail={"client": client, "lock": round(lock)})
            if lock > 0:
                return too_many(request, target, lock)
            return page(request, "login.html", {"next": target, "error": N_("Wrong name or password.")}, 401)
        throttle.succeeded(name)
        # A fresh session (and CSRF token) on sign-in: no session fixation.
        old = request.session.get("sid")
        if isinstance(old, str):
            sessions.end(old)
        request.session.clear()
        sid = await run_in_threadpool(sessions.open, user.name, user.password_stamp)
        request.session.update({"sid": sid, "csrf": new_csrf_token()})
        store.log("login", who=user.name, detail={"client": client})
        return RedirectResponse(target, status_code=303)

    def too_many(request: Request, target: str, wait: float) -> Response:
        seconds = max(1, round(wait))
        error = translator(language(request))(N_("Too many failed sign-ins: try again in %(s)s seconds.")) % {
            "s": seconds}
        response = page(request, "login.html", {"next": target, "error": error}, 429)
        response.headers["Retry-After"] = str(seconds)
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        await form_with_csrf(request)
        sid = request.session.get("sid")
        held = sessions.get(sid) if isinstance(sid, str) else None
        if isinstance(sid, str):
            # Ended on the server: a copy of the cookie opens nothing any more.
            sessions.end(sid)
        request.session.clear()
        if held is not None:
            store.log("logout", who=held.username)
        return RedirectResponse("/login", status_code=303)

    # ------------------------------------------------------------------ document list

    @app.get("/", response_class=HTMLResponse)
    async def document_list(request: Request, status: str = "", doc_type: str = "", year: str = "",
                            issuer: str = "", page_no: int = 1) -> Response:
        filters = {"status": status, "doc_type": doc_type, "year": year, "issuer": issuer}
        page_no = max(1, page_no)
        lang = language(request)

        def make() -> tuple[Markup, dict[str, list[str]]]:
            # The first view after documents changed reads them: off the event loop, as every store
            # call that may take a while.
            rows, facets = desk.listing(**{k: v or None for k, v in filters.items()})
            pages = max(1, -(-len(rows) // PAGE_SIZE))
            shown = rows[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE]
            gettext = translator(lang)
            html = templates.get_template("_rows.html").render(
                rows=shown, total=len(rows), filters=filters, page_no=page_no, pages=pages,
                threshold=settings.threshold, _=gettext, label=lambda kind, code: label(kind, code, gettext))
            return Markup(html), facets

        def build() -> HTMLResponse:
            signed_in(request)
            # The same rows for every reviewer while the store is unchanged: rendered once.
            key = ("rows", store.revision(), tuple(filters.values()), page_no, lang)
            rows_html, facets = cached(key, make)
            if request.headers.get("hx-target") == "doc-rows" and \
                    "hx-history-restore-request" not in request.headers:
                return HTMLResponse(rows_html)
            return page(request, "list.html", {"rows_html": rows_html, "filters": filters, "facets": facets})

        return await run_in_threadpool(build)

    # ------------------------------------------------------------------ document view

    def document_page(request: Request, doc_id: str, page_no: int, *, status: int = 200,
                      submitted: dict[str, str] | None = None,
                      errors: dict[str, FieldValueError] | None = None,
                      words: list[WordEdit] | None = None, removed: set[str] | None = None,
                      revision: int | None = None) -> HTMLResponse:
        """One page of a document: its image and words, the page strip, the record form (with what
        was submitted and each refused value's message beside its field, after a refused save)."""
        def load() -> tuple[Any, dict[str, str], set[int], set[int]]:
            opened = opened_or_404(doc_id)
            verified = desk.marks.verified(doc_id).get(doc_id, {})
            touched = {int(m[1]) for m in (WORD_TARGET.match(t) for t in
                                            [c.target for c in store.corrections(doc_id)] + list(verified))
                       if m}
            return opened, verified, touched, desk.marks.pages_done(doc_id)

        # Everything the store says about the document, read again only after a write to the store
        # (each one bumps its revision): one query per page view instead of five.
        opened, verified, touched, done = cached(("document", doc_id, store.revision()), load)
        doc = opened.doc
        numbers = [p.number for p in doc.pages]
        if page_no not in numbers:
            page_no = numbers[0] if numbers else 1
        size = image_size(image_file(doc_id, page_no, doc))
        state = (doc_id, opened.version, opened.info.corrections, opened.info.updated_at,
                 hash(frozenset(verified.items())))
        summaries = cached(("strip", state), lambda: page_summaries(doc, settings.threshold, verified, set(),
                                                                       set()))
        strip = [PageSummary(s.number, s.words, s.doubtful,
                             "done" if s.number in done else "in_progress" if s.number in touched else "new")
                 for s in summaries]

        def fragment() -> dict[str, Markup]:
            views = page_views(doc, settings.threshold, {page_no: size}, only=page_no, verified=verified)
            macros = templates.env.get_template("_page.html").module
            view = views[0] if views else PageView(page_no, False)
            return {part: Markup(getattr(macros, part)(view)) for part in ("boxes", "words", "original")}
        errors = errors or {}
        lang = language(request)

        def record_html() -> Markup:
            fields = field_views(doc)
            if submitted is not None:
                for f in fields:
                    if f.spec.path in submitted:
                        f.value = submitted[f.spec.path]
            gettext = translator(lang)
            for f in fields:
                error = errors.get(f.spec.path)
                f.error = error.translated(gettext) if error is not None else None
            macro = templates.env.get_template("_record.html").module.record  # type: ignore[attr-defined]
            return Markup(macro(doc, fields, list_views(doc, removed or set()), settings.threshold, gettext,
                                lambda kind, code: label(kind, code, gettext)))
        index = numbers.index(page_no) if page_no in numbers else 0
        refused = submitted is not None or bool(errors)
        scan = next((p.scan for p in doc.pages if p.number == page_no), None)
        context = {"opened": opened, "doc": doc,
                   "record_html": record_html() if refused else cached(("record", state, lang), record_html),
                   "fragment": cached(("page", state, page_no, size), fragment), "image_size": size,
                   "strip": strip, "page_no": page_no,
                   # What ingest measured on the page's scan (pipeline/ingest/diagnose.py), when it had one.
                   "scan": scan, "scan_reads": 1 + sum(1 for name in scan.passes[1:]
                                                       if not name.startswith("dropped text")) if scan else 0,
                   "prev_page": numbers[index - 1] if index > 0 else None,
                   "next_page": numbers[index + 1] if index + 1 < len(numbers) else None,
                   "threshold": settings.threshold, "saved": None, "verified_now": None,
                   "errors": errors, "kept_words": words or [],
                   "revision": revision if revision is not None else opened.version}
        saved = request.query_params.get("saved", "")
        if saved.isdigit():
            context["saved"] = int(saved)
        verified_now = request.query_params.get("verified", "")
        if verified_now.isdigit():
            context["verified_now"] = int(verified_now)
        return page(request, "document.html", context, status)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    async def document_view(request: Request, doc_id: str, page: int = 1) -> Response:
        def build() -> HTMLResponse:
            # One trip to a worker thread for the whole request: signing in is checked there too.
            signed_in(request)
            return document_page(request, doc_id, page)

        return await run_in_threadpool(build)

    @app.get("/documents/{doc_id}/pages/{number}/image")
    async def page_image(request: Request, doc_id: str, number: int) -> Response:
        await auth(request)
        path = await run_in_threadpool(image_file, doc_id, number)
        if path is None:
            raise HTTPException(404, N_("No such page image."))
        return FileResponse(path, headers={"Cache-Control": "private, max-age=300"})

    @app.post("/documents/{doc_id}/save", response_class=HTMLResponse)
    async def save(request: Request, doc_id: str) -> Response:
        user = await auth(request)
        form = await form_with_csrf(request)
        await run_in_threadpool(opened_or_404, doc_id)
        page_no = _int(form.get("page"), 1)
        try:
            revision = int(str(form.get("revision", "")))
            edits = parse_edits(form)
        except ValueError as exc:
            raise HTTPException(400, f"Bad request: {exc}") from exc
        if edits.errors:
            # Nothing is written; the page comes back with every value as typed and each wrong one
            # marked beside its field, so no edit is lost.
            return await run_in_threadpool(
                lambda: document_page(request, doc_id, page_no, status=422, submitted=edits.submitted,
                                      errors=edits.errors, words=edits.words, removed=edits.removed,
                                      revision=revision))
        try:
            saved, verified = await run_in_threadpool(desk.save, doc_id, user.name, revision, edits.words,
                                                      edits.fields)
        except Conflict as conflict:
            context = {"doc_id": doc_id, "conflict": conflict, "words": edits.words, "fields": edits.fields}
            return await rendered(request, "conflict.html", context, 409)
        except EditError as exc:
            raise HTTPException(400, str(exc)) from exc
        return RedirectResponse(f"/documents/{doc_id}?page={page_no}&saved={saved}&verified={verified}",
                                status_code=303)

    @app.post("/documents/{doc_id}/status", response_class=HTMLResponse)
    async def set_status(request: Request, doc_id: str) -> Response:
        user = await auth(request)
        form = await form_with_csrf(request)
        await run_in_threadpool(opened_or_404, doc_id)
        status = str(form.get("status", ""))
        if status not in STATUSES:
            raise HTTPException(400, f"Unknown status {status!r}.")
        await run_in_threadpool(desk.set_status, doc_id, status, user.name)
        if "hx-request" in request.headers:
            return await rendered(request, "_status.html", {"opened": desk.open(doc_id)})
        return RedirectResponse(f"/documents/{doc_id}", status_code=303)

    @app.post("/documents/{doc_id}/pages/{number}/done", response_class=HTMLResponse)
    async def page_done(request: Request, doc_id: str, number: int) -> Response:
        user = await auth(request)
        form = await form_with_csrf(request)
        opened = await run_in_threadpool(opened_or_404, doc_id)
        if number not in {p.number for p in opened.doc.pages}:
            raise HTTPException(404, N_("No such page."))
        done = str(form.get("done", "1")) == "1"
        await run_in_threadpool(desk.marks.set_page_done, doc_id, number, done, user.name)
        return RedirectResponse(f"/documents/{doc_id}?page={number}", status_code=303)

    # ------------------------------------------------------------------ search

    search_index: list[SearchIndex] = []

    @app.get("/search", response_class=HTMLResponse)
    async def search(request: Request, q: str = "", field: str = "") -> Response:
        await auth(request)

        def build() -> HTMLResponse:
            query = nfc(q.strip())[:200]
            hits: list[Hit] = []
            error = None
            if query:
                try:
                    if not search_index:
                        search_index.append(SearchIndex(store))
                    hits = search_index[0].search(query, field if field in SEARCH_FIELDS else None)
                except SearchUnavailable as exc:
                    error = str(exc)
            return page(request, "search.html", {"query": query, "field": field, "hits": hits,
                                                 "fields": SEARCH_FIELDS, "error": error})

        return await run_in_threadpool(build)

    # ------------------------------------------------------------------ history and versions

    @app.get("/documents/{doc_id}/history", response_class=HTMLResponse)
    async def history(request: Request, doc_id: str) -> Response:
        user = await auth(request)

        def build() -> HTMLResponse:
            opened = opened_or_404(doc_id)
            rows = desk.history(doc_id, user.name, user.is_admin, opened.doc)
            return page(request, "history.html", {"opened": opened, "rows": rows,
                                                  "versions": store.versions(doc_id)})

        return await run_in_threadpool(build)

    @app.get("/documents/{doc_id}/versions/{seq}", response_class=HTMLResponse)
    async def version(request: Request, doc_id: str, seq: int) -> Response:
        await auth(request)

        def build() -> HTMLResponse:
            opened = opened_or_404(doc_id)
            try:
                diff = version_diff(store, doc_id, seq)
            except DocumentNotFound as exc:
                raise HTTPException(404, N_("No such version.")) from exc
            return page(request, "version.html", {"opened": opened, "diff": diff})

        return await run_in_threadpool(build)

    @app.post("/documents/{doc_id}/corrections/{correction_id}/undo", response_class=HTMLResponse)
    async def undo(request: Request, doc_id: str, correction_id: int) -> Response:
        user = await auth(request)
        await form_with_csrf(request)
        await run_in_threadpool(opened_or_404, doc_id)
        try:
            await run_in_threadpool(desk.undo, doc_id, correction_id, user.name, user.is_admin)
        except Conflict as conflict:
            return page(request, "conflict.html", {"doc_id": doc_id, "conflict": conflict, "words": [],
                                                   "fields": []}, 409)
        except EditError as exc:
            raise HTTPException(400, str(exc)) from exc
        return RedirectResponse(f"/documents/{doc_id}/history", status_code=303)

    return app


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
     b"frame-ancestors 'none'; form-action 'self'"),
]


class SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: the decorator kind of middleware
    costs a task and a stream per request)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (name, value) for name, value in SECURITY_HEADERS if name not in present]
            await send(message)

        await self.app(scope, receive, with_headers)


LOOPBACK = ("127.0.0.1", "localhost", "::1")
SETTINGS_ENV = "DECREE_REVIEW_SETTINGS"


def app_from_environment() -> FastAPI:
    """The app of one of `decree review --workers N`'s processes: the settings come from the parent
    through the environment (uvicorn starts workers by import string)."""
    data = json.loads(os.environ[SETTINGS_ENV])
    return create_app(Settings(db=data["db"], data_dir=Path(data["data_dir"]), threshold=data["threshold"],
                               secure_cookies=data["secure_cookies"]))


def settings_environment(settings: Settings) -> str:
    return json.dumps({"db": settings.db, "data_dir": str(settings.data_dir), "threshold": settings.threshold,
                       "secure_cookies": settings.secure_cookies})


def cookies_secure(host: str, force: bool) -> bool:
    """Whether the session cookie must be Secure: always off loopback (the app must then sit behind
    HTTPS), and on loopback when asked (a TLS proxy on the same machine)."""
    return force or host not in LOOPBACK


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


def _int(value: Any, default: int) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() else default


@dataclass
class ListView:
    """A list of the record on the form: its items as stored (sent back, so a save that adds or
    removes items can tell whether someone changed the list meanwhile) and which are to go."""

    path: str
    label: str
    before_json: str
    count: int
    removed: set[str]


def list_views(doc: Document, removed: set[str]) -> dict[str, ListView]:
    from pipeline.document import to_dict

    record = to_dict(doc.record) if doc.record is not None else {}
    out = {}
    for name, (label_text, _) in record_form().lists.items():
        items = record.get(name) or []
        out[name] = ListView(name, label_text, json.dumps(items, ensure_ascii=False), len(items), removed)
    return out


@dataclass
class Edits:
    words: list[WordEdit]
    fields: list[FieldEdit]
    errors: dict[str, FieldValueError]  # field path -> why its value was refused
    submitted: dict[str, str]  # field path -> the text as typed
    removed: set[str]  # list items to remove, "commemorations[1]"


def parse_edits(form: Any) -> Edits:
    """The edits of a save form: `word:<target>` (the new form) with `word_before:<target>` (the
    form the reviewer saw), and `field:<path>` with `field_before:<path>` (the stored value the form
    showed, as JSON). A field is an edit only when its text differs from what was shown. A list that
    gains an item (its blank item filled in) or loses one (`remove:<list>[i]`) is one edit of the
    whole list, against `list_before:<list>`. A value a field cannot hold is an error of that field,
    not of the save: every error is collected. ValueError for a form no page of the app makes."""
    words: list[WordEdit] = []
    fields: list[FieldEdit] = []
    errors: dict[str, str] = {}
    submitted: dict[str, str] = {}
    removed = {name.partition(":")[2] for name in form.keys() if name.startswith("remove:")}
    lists = record_form().lists
    reshaped: dict[str, dict[int, dict[str, str]]] = {}
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
            # Browsers may send decomposed letters (NFD) as typed; the store keeps NFC.
            text = nfc(str(form.get(name)))
            submitted[target] = text
            item = ITEM_PATH.match(target)
            if item and item[1] in lists:
                reshaped.setdefault(item[1], {}).setdefault(int(item[2]), {})[item[3]] = text
                continue
            try:
                before = json.loads(str(form.get(f"field_before:{target}", "null")))
            except json.JSONDecodeError as exc:
                raise ValueError(f"field {target} has a bad before value") from exc
            if not same_text(form_text(before), text):
                try:
                    value = to_value(spec, text)
                except FieldValueError as exc:
                    errors[target] = exc
                    continue
                # 31/12/2020 typed over 2020-12-31 says the same: no edit.
                if value != before:
                    fields.append(FieldEdit(target, before, value))
    for list_name, items in reshaped.items():
        fields.extend(_list_edits(form, list_name, items, removed, errors))
    return Edits(words, fields, errors, submitted, removed)


def _list_edits(form: Any, name: str, items: dict[int, dict[str, str]], removed: set[str],
                errors: dict[str, str]) -> list[FieldEdit]:
    """The edits of one list of the record: item by item while it keeps its items, else the whole
    list at once (items removed, the blank item filled in as a new one)."""
    try:
        before = json.loads(str(form.get(f"list_before:{name}", "null"))) or []
    except json.JSONDecodeError as exc:
        raise ValueError(f"list {name} has a bad before value") from exc
    if not isinstance(before, list):
        raise ValueError(f"list {name} has a bad before value")
    _, item_fields = record_form().lists[name]
    new_index = len(before)
    beyond = [i for i in items if i > new_index]
    if beyond:
        raise ValueError(f"the record has no {record_form().lists[name][0]} {beyond[0] + 1}")
    added = any(text.strip() for text in items.get(new_index, {}).values())
    gone = {i for i in range(len(before)) if f"{name}[{i}]" in removed}
    edits: list[FieldEdit] = []
    after: list[Any] = []
    for i in sorted(set(items) | set(range(len(before)))):
        if i in gone or (i == new_index and not added) or i > new_index:
            continue
        blank = {f.path: None for f in item_fields}
        old = before[i] if i < len(before) and isinstance(before[i], dict) else blank
        new = dict(old)
        for f in item_fields:
            path = f"{name}[{i}].{f.path}"
            text = items.get(i, {}).get(f.path)
            if text is None:
                continue
            spec = record_form().spec(path)
            assert spec is not None
            try:
                value = to_value(spec, text)
            except FieldValueError as exc:
                errors[path] = exc
                continue
            if f is item_fields[0] and value is None:
                errors[path] = FieldValueError(N_("a new item needs its %(field)s"), field=f.label)
            if same_text(form_text(old.get(f.path)), text) or value == old.get(f.path):
                continue
            new[f.path] = value
            if i < len(before) and not (added or gone):
                edits.append(FieldEdit(path, old.get(f.path), value))
        after.append(new)
    if added or gone:
        return [FieldEdit(name, before, after)]
    return edits
