"""Languages of what a person reads: English and Simplified Chinese.

The source chapter is written in Chinese and its readers are students and
lecturers on both sides, so the tour, the report, the figures' labels and the
explorer speak either language.  A text that a person reads is declared once
with both translations, as a :class:`Text`, beside the code that shows it;
:func:`language` picks the language (an explicit choice, else the locale).

>>> from neuronkit.i18n import Text
>>> t = Text("{n} neurons", "{n} 个神经元")
>>> t("en", n=3), t("zh", n=3)
('3 neurons', '3 个神经元')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import unknown_name

LANGUAGES: tuple[str, ...] = ("en", "zh")
"""The languages every :class:`Text` has: English and Simplified Chinese."""


@dataclass(frozen=True)
class Text:
    """One text in English and in Simplified Chinese.

    Parameters
    ----------
    en, zh : str
        The two translations; both may hold the same ``str.format`` fields.

    Examples
    --------
    >>> Text("loss", "损失")("zh")
    '损失'
    """

    en: str
    zh: str

    def __call__(self, lang: str, /, **fields: object) -> str:
        """The text in *lang* (``"en"`` or ``"zh"``), its fields filled in."""
        text = self.zh if check_language(lang) == "zh" else self.en
        return text.format(**fields) if fields else text

    def format(self, **fields: object) -> Text:
        """Both texts with their fields filled in; a field that is a Text fills in its own
        language.

        >>> n = Text("one", "一")
        >>> Text("{n} neuron", "{n} 个神经元").format(n=n)
        Text(en='one neuron', zh='一 个神经元')
        """
        def fill(lang: str) -> dict[str, object]:
            return {k: v(lang) if isinstance(v, Text) else v for k, v in fields.items()}
        return Text(self.en.format(**fill("en")), self.zh.format(**fill("zh")))

    @staticmethod
    def join(texts: Iterable[Text], sep: Text | None = None) -> Text:
        """The texts joined by *sep* (by default "; " and "；"), language by language.

        >>> Text.join([Text("a", "甲"), Text("b", "乙")])
        Text(en='a; b', zh='甲；乙')
        """
        sep = sep or Text("; ", "；")
        texts = list(texts)
        return Text(sep.en.join(t.en for t in texts), sep.zh.join(t.zh for t in texts))


def check_language(lang: str) -> str:
    """*lang* itself if it is one of :data:`LANGUAGES`, else a ``ValueError`` naming them.

    >>> check_language("zh")
    'zh'
    """
    if lang not in LANGUAGES:
        raise unknown_name("language", lang, LANGUAGES)
    return lang


def language(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: *lang* when given, else the locale's.

    The locale is read as :mod:`gettext` does, from the first set of ``LANGUAGE``,
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``: Chinese (``zh_CN.UTF-8``, ``zh``, ...)
    gives ``"zh"``, anything else ``"en"``.

    Examples
    --------
    >>> language(environ={"LANG": "zh_CN.UTF-8"}), language(environ={"LANG": "C.UTF-8"})
    ('zh', 'en')
    >>> language("en", environ={"LANG": "zh_CN.UTF-8"})
    'en'
    """
    if lang is not None:
        return check_language(lang)
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.split(":")[0].lower().startswith("zh") else "en"
    return "en"
