"""The HTML pages, assembled from ``templates/`` (not served as files) with ``string.Template``.

Each page names the parts it shares with the others (``$head``, ``$site_header``, ``$site_footer``, the chat panel
``$chat``, the ``$privacy_notice`` of ``templates/parts/``) and the limits whose one home is Python
(``$max_limit``, ``$default_limit``: knowledge.referral; ``$max_message_chars``: the front's settings).
A page is assembled once per set of values; the widget panel fills in its site's values afterwards.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Template

from knowledge.referral import DEFAULT_LIMIT, MAX_LIMIT

__all__ = ["TEMPLATES", "render", "site_header"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: pages every visitor may reach, in the order of the site's navigation
PUBLIC_PAGES = (("/", "Assistant"), ("/conseiller", "Aide au conseiller"))
#: pages listed in the navigation only where they are the current page
PRIVATE_PAGES = {"/mainteneur": "Espace mainteneur"}
#: the first words of the chat page (the widget panel says its site's greeting instead)
GREETING = (
    "Bonjour ! Je peux vous indiquer où trouver un conseiller près de chez vous et vous expliquer le CPF, la VAE, "
    "le bilan de compétences, l'alternance… Je n'ai besoin d'aucune information sur votre identité et je ne garde "
    "rien. Quelle est votre question ?"
)


def _part(name: str) -> str:
    return (TEMPLATES / "parts" / f"{name}.html").read_text(encoding="utf-8").rstrip("\n")


def site_header(current: str) -> str:
    """The site header whose navigation marks ``current`` (a path) as the current page."""
    pages = list(PUBLIC_PAGES) + ([(current, PRIVATE_PAGES[current])] if current in PRIVATE_PAGES else [])
    mark = ' aria-current="page"'
    items = "\n".join(
        f'        <li><a href="{path}"{mark if path == current else ""}>{label}</a></li>' for path, label in pages
    )
    return (
        '  <header class="site-header">\n    <p class="site-title">Orientation, formation, emploi</p>\n'
        '    <nav aria-label="Navigation principale">\n      <ul class="nav-list">\n'
        f"{items}\n      </ul>\n    </nav>\n  </header>"
    )


@lru_cache(maxsize=16)
def render(name: str, current: str, max_message_chars: int, widget: bool = False) -> str:
    """``templates/<name>`` with its parts and limits; ``$`` placeholders of the widget's site stay."""
    chat = Template(_part("chat")).safe_substitute(
        greeting="$greeting" if widget else GREETING,
        example="Où est le lieu d'accueil le plus proche ?"
        if widget
        else "Où trouver une Cité des métiers près de Lyon ?",
        form_attributes=' data-site="$site_id" data-session="memory"' if widget else "",
        reset_class=' class="panel-actions"' if widget else "",
        max_message_chars=max_message_chars,
    )
    page = Template((TEMPLATES / name).read_text(encoding="utf-8"))
    return page.safe_substitute(
        head=_part("head"),
        site_header=site_header(current),
        site_footer=_part("site-footer"),
        privacy_notice=_part("privacy-notice"),
        chat=chat,
        max_limit=MAX_LIMIT,
        default_limit=DEFAULT_LIMIT,
    )
