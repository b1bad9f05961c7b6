"""Template fragments rendered once per distinct content and kept in the process.

A fragment is rendered from one value and nothing else: no request, so no CSRF token, message or
signed-in user can get into it, and its template must not read the clock (``{% now %}``). The
cache key is a digest of everything the rendering reads: the template's name, the language, the
caller's scope (unit, role) and the value itself, pickled. So a fragment is served exactly when
the uncached path would render the same bytes, and it never needs invalidating: a write that
changes what a page shows changes the value, hence the key.

Why the content and not the evaluation revision (``nominations.domain.evaluation``): every write
to any unit of the campaign changes the revision, also the saves that change nothing a page shows
(another unit's telephone number); a key on the content keeps the fragment through those. The
value still has to be computed on every request (cheap: the engine's result is cached by
revision); what is saved is the rendering, about a third of a page's CPU.
"""

from __future__ import annotations

import hashlib
import pickle

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

CACHE = "fragments"  # settings.CACHES: local memory, per process


def fragment_key(template_name: str, value: object, *, scope: tuple[object, ...]) -> str:
    # Equal pickles unpickle to equal values, so equal keys render equal bytes (short of a
    # SHA-256 collision); values that are equal but pickle differently only cost a miss.
    material = pickle.dumps(
        (template_name, get_language(), scope, value), protocol=pickle.HIGHEST_PROTOCOL
    )
    return f"fragment:{hashlib.sha256(material).hexdigest()}"


def render_fragment(template_name: str, value: object, *, scope: tuple[object, ...]) -> SafeString:
    """``template_name`` rendered with ``v`` = ``value`` alone; ``scope`` names whose fragment it
    is (it is part of the key even where the value already tells them apart)."""
    key = fragment_key(template_name, value, scope=scope)
    cache = caches[CACHE]
    html = cache.get(key)
    if html is None:
        html = render_to_string(template_name, {"v": value})
        cache.set(key, html)
    return mark_safe(html)
