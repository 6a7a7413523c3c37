"""The QR request form: a small page per work area, served by HQ to workers' phones.

No scripts, fonts or styles from elsewhere: WeChat's built-in browser on a weak 4G signal
loads it at once. Every field is checked here, on the server; a page submitted twice (a
double tap, a reload) is one request, because its id comes from the page's one-time nonce.
The request is a change written by the server for the work area, and reaches the site's PCs
at their next sync.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from html import escape

from sqlalchemy import select

from app.domain.problems import DomainError, Problem, register_messages
from app.domain.requests import Channel
from app.store.database import Database
from app.store.journal import reference_id
from app.store.models import Request, RequestCategory, Site
from app.store.requests import RequestInput, add_request
from app.store.sites import site_id_for

FORM_AUTHOR = "qr-form"
# The form's requests are numbered by the server with this node tag, at every site (enrolment
# never hands it to a PC, so the numbers cannot collide with a site's own).
FORM_TAG = "W"
MAX_TEXT = 1000
NONCE_TTL_S = 24 * 3600
MIN_FILL_S = 2  # a person does not fill the form in under two seconds; a script does

register_messages(
    {
        "form.site": ("找不到该工区的反映渠道，请核对二维码。", "No such work area."),
        "form.too_long": (
            "内容太长（最多 {max} 字），请精简后再提交。",
            "Too long (at most {max} characters).",
        ),
        "form.expired": (
            "页面已过期，请重新扫码后再填写。",
            "The page has expired: scan the code again.",
        ),
        "form.too_fast": ("提交太快了，请确认内容后再提交。", "Submitted too fast."),
    }
)


@dataclass(frozen=True)
class FormSite:
    site_id: str
    code: str
    name: str
    phone: str


@dataclass(frozen=True)
class Submission:
    category: str
    description: str
    contact_name: str = ""
    contact_phone: str = ""
    work_point: str = ""
    anonymous: bool = False
    nonce: str = ""
    website: str = ""  # a field people never see: only a bot fills it


def find_site(db: Database, code: str) -> FormSite | None:
    code = code.strip().upper()
    if not code or len(code) > 20:
        return None
    with db.read() as session:
        site = session.get(Site, site_id_for(code))
        if site is None or site.deleted or site.kind != "site":
            return None
        return FormSite(site.id, site.code, site.name, site.service_phone)


def categories(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.execute(
            select(RequestCategory.code, RequestCategory.name)
            .where(RequestCategory.deleted.is_(False))
            .order_by(RequestCategory.sort_order, RequestCategory.code)
        ).all()
    return [(c, n) for c, n in rows]


class Nonces:
    """Signed one-time page tokens: ``<issued s>.<random>.<mac>``. No state is kept, so any
    server process checks a page another one served."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def issue(self, now: float | None = None) -> str:
        body = f"{int(now if now is not None else time.time())}.{secrets.token_urlsafe(12)}"
        return f"{body}.{self._mac(body)}"

    def age(self, nonce: str, now: float | None = None) -> float | None:
        """Seconds since issue, or None for a forged or malformed token."""
        try:
            issued, rand, mac = nonce.split(".")
            if not hmac.compare_digest(mac, self._mac(f"{issued}.{rand}")):
                return None
            return (now if now is not None else time.time()) - int(issued)
        except ValueError:
            return None

    def _mac(self, body: str) -> str:
        return hmac.new(self.key, body.encode(), hashlib.sha256).hexdigest()[:24]


def submit(
    db: Database, site: FormSite, form: Submission, nonces: Nonces, *, now: float | None = None
) -> str:
    """Record the request; returns its number. DomainError with the problems to show."""
    age = nonces.age(form.nonce, now)
    if age is None or age > NONCE_TTL_S:
        raise DomainError(Problem("form.expired"))
    if age < MIN_FILL_S or form.website:
        raise DomainError(Problem("form.too_fast"))
    problems = [
        Problem("form.too_long", field=name, params={"max": limit})
        for name, value, limit in (
            ("description", form.description, MAX_TEXT),
            ("contact_name", form.contact_name, 50),
            ("work_point", form.work_point, 100),
            ("contact_phone", form.contact_phone, 30),
        )
        if len(value) > limit
    ]
    if problems:
        raise DomainError(problems)
    row_id = reference_id("form_request", form.nonce)
    with db.write(FORM_AUTHOR) as unit:
        existing = unit.session.get(Request, row_id)
        if existing is not None:  # the same page sent again
            return existing.number
        add_request(
            unit,
            RequestInput(
                channel=Channel.QR.value,
                category_code=form.category,
                description=form.description,
                anonymous=form.anonymous,
                contact_name=form.contact_name,
                contact_phone=form.contact_phone,
                work_point=form.work_point.strip(),
            ),
            node_tag=FORM_TAG,
            site_id=site.site_id,
            row_id=row_id,
        )
        number = unit.session.get(Request, row_id)
        assert number is not None
        return number.number


# --- the page ----------------------------------------------------------------------------

_STYLE = """
*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC",
"Microsoft YaHei",sans-serif;background:#f4f6f8;color:#1d2129}
header{background:#1e5aa8;color:#fff;padding:14px 16px}h1{font-size:19px;margin:0}
header p{margin:4px 0 0;font-size:13px;opacity:.9}main{padding:12px 16px 32px;max-width:560px;
margin:auto}label{display:block;margin:14px 0 4px;font-weight:600}
select,textarea,input[type=text],input[type=tel]{width:100%;font:inherit;padding:10px;
border:1px solid #c9cdd4;border-radius:6px;background:#fff}textarea{min-height:140px}
.row{display:flex;gap:8px;align-items:center;margin-top:14px}.row input{width:20px;height:20px}
button{width:100%;margin-top:20px;padding:13px;font:inherit;font-size:18px;color:#fff;
background:#1e5aa8;border:0;border-radius:6px}.err{background:#fdecec;color:#b42318;
padding:10px;border-radius:6px;margin-top:12px}.hint{font-size:13px;color:#6b7280}
.ok{background:#fff;border-radius:8px;padding:20px;margin-top:16px;text-align:center}
.num{font-size:22px;font-weight:700;letter-spacing:1px;margin:8px 0}.hp{display:none}
"""


def _page(title: str, site: FormSite | None, body: str) -> str:
    head = (
        f"<header><h1>{escape(site.name)} · 反映诉求</h1>"
        f"<p>工区服务台受理，限时办理并回复</p></header>"
        if site
        else f"<header><h1>{escape(title)}</h1></header>"
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{head}<main>{body}</main></body></html>"
    )


def render_form(
    site: FormSite,
    cats: list[tuple[str, str]],
    nonce: str,
    *,
    form: Submission | None = None,
    errors: list[str] | None = None,
) -> str:
    form = form or Submission(category="", description="")
    options = "".join(
        f'<option value="{escape(c)}"{" selected" if c == form.category else ""}>'
        f"{escape(n)}</option>"
        for c, n in cats
    )
    problems = "".join(f'<div class="err">{escape(e)}</div>' for e in errors or [])
    phone = (
        f'<p class="hint">也可拨打服务电话 {escape(site.phone)}，或到服务窗口当面反映。</p>'
        if site.phone
        else ""
    )
    checked = " checked" if form.anonymous else ""
    body = f"""{problems}
<form method="post" action="/f/{escape(site.code)}" accept-charset="utf-8">
<input type="hidden" name="nonce" value="{escape(nonce)}">
<label for="category">问题类别</label>
<select id="category" name="category" required>{options}</select>
<label for="description">反映内容</label>
<textarea id="description" name="description" maxlength="{MAX_TEXT}" required
 placeholder="请写明时间、地点、经过和您的诉求">{escape(form.description)}</textarea>
<label for="work_point">所在工点／班组（选填）</label>
<input type="text" id="work_point" name="work_point" maxlength="100"
 value="{escape(form.work_point)}">
<div class="row"><input type="checkbox" id="anonymous" name="anonymous" value="1"{checked}>
<label for="anonymous" style="margin:0;font-weight:400">匿名反映（不留姓名和电话）</label></div>
<label for="contact_name">姓名（选填）</label>
<input type="text" id="contact_name" name="contact_name" maxlength="50"
 value="{escape(form.contact_name)}">
<label for="contact_phone">手机号（选填，便于回复您）</label>
<input type="tel" id="contact_phone" name="contact_phone" maxlength="30"
 value="{escape(form.contact_phone)}">
<div class="hp"><label for="website">网址</label>
<input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">提交</button>
<p class="hint">匿名反映时不保存姓名和电话。提交后请记下受理编号，凭编号查询办理情况。</p>
{phone}</form>"""
    return _page(f"{site.name} 反映诉求", site, body)


def render_done(site: FormSite, number: str) -> str:
    body = (
        '<div class="ok"><p>已收到您的反映，我们会按时限办理并回复。</p>'
        f'<p>受理编号</p><p class="num" id="number">{escape(number)}</p>'
        '<p class="hint">请记下此编号；工区服务台联网同步后即开始办理。</p></div>'
    )
    return _page("已提交", site, body)


def render_missing() -> str:
    return _page(
        "找不到该工区", None, '<div class="err">找不到该工区的反映渠道，请核对二维码。</div>'
    )


def render_limited() -> str:
    return _page(
        "请稍后再试",
        None,
        '<div class="err">提交过于频繁，请稍后再试，或拨打工区服务电话反映。</div>',
    )
