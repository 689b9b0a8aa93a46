"""The explorer in English and Simplified Chinese: the page's texts and the server's words.

Every text the page shows comes from :data:`neuronkit.explorer.strings.STRINGS` (both
languages, the same fields), every key the page asks for exists, the Chinese texts use
the glossary's terms, and an error reaches a person in their words and language.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from needs import need

need("starlette", "httpx2")

from starlette.testclient import TestClient  # noqa: E402

from neuronkit.explorer import create_app  # noqa: E402
from neuronkit.explorer.protocol import ProtocolError, parse_message  # noqa: E402
from neuronkit.explorer.strings import STRINGS, strings  # noqa: E402
from neuronkit.glossary import GLOSSARY  # noqa: E402

STATIC = Path(__file__).resolve().parents[1] / "src" / "neuronkit" / "explorer" / "static"
#: Texts that are the same in both languages on purpose (symbols, names, formulas).
SAME = {"opt.adam", "reg.l1", "reg.l2"}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_text_is_in_both_languages_with_the_same_fields(key):
    text = STRINGS[key]
    assert text.en.strip() and text.zh.strip()
    assert fields(text.en) == fields(text.zh), key
    if key not in SAME:
        assert text.en != text.zh, f"{key} is not translated"
        assert re.search(r"[\u4e00-\u9fff]", text.zh) or key.startswith("lang."), key


def test_every_key_the_page_uses_exists():
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    used = set(re.findall(r'data-i18n(?:-title)?="([\w.]+)"', html))
    used |= set(re.findall(r'\bt\("([\w.]+)"', js))
    assert len(used) > 80, "the page takes its texts from the catalogue"
    assert not used - set(STRINGS), f"keys missing from STRINGS: {sorted(used - set(STRINGS))}"


def test_the_chinese_texts_use_the_glossary_terms():
    zh = strings("zh")
    for key, english in [("tab.activations", "activation function"), ("tab.neuron", "neuron"),
                         ("pg.saturated", "saturation"), ("n.col.z", "net input"),
                         ("loss.binary_cross_entropy", "cross-entropy")]:
        assert GLOSSARY[english].zh in zh[key], (key, english)
    assert GLOSSARY["dying ReLU problem"].zh in zh["pg.legend.dead"]


def test_a_refused_value_is_said_in_the_persons_words():
    with pytest.raises(ProtocolError) as info:
        parse_message({"type": "configure", "config": {"size": 200, "batch_size": 500}})
    assert "config.batch_size" in str(info.value)  # the precise text for developers
    assert info.value.say("en") == "Batch size: choose a whole number from 1 to 200."
    assert info.value.say("zh") == "批大小：请选择 1 到 200 之间的整数。"
    with pytest.raises(ProtocolError) as info:
        parse_message({"type": "configure", "config": {"hidden": [{"units": 2},
                                                                  {"units": 99}]}})
    assert info.value.say("en") == "Neurons in hidden layer 2: choose a whole number from 1 to 8."


def test_the_socket_speaks_the_chosen_language():
    with TestClient(create_app()) as client:
        with client.websocket_connect("/ws?lang=zh") as ws:
            hello = ws.receive_json()
            assert hello["lang"] == "zh" and hello["strings"] == strings("zh")
            ws.send_json({"type": "configure", "config": {"learning_rate": 50}})
            err = ws.receive_json()
            assert err["message"] == "学习率：请输入大于 0 且不超过 10 的数。"
            assert "config.learning_rate" in err["detail"]
            ws.send_json({"type": "language", "lang": "en"})
            reply = ws.receive_json()
            assert reply == {"type": "strings", "lang": "en", "strings": strings("en")}
            ws.send_json({"type": "language", "lang": "fr"})
            assert ws.receive_json()["message"] == "Language: choose one of en, zh."
        with client.websocket_connect("/ws") as ws:
            assert ws.receive_json()["lang"] == "en"


def test_every_key_the_page_builds_from_a_name_exists():
    """Keys made from the server's names: data sets, losses, optimizers, properties and
    the presets' titles and claims."""
    from neuronkit.explorer import protocol
    from neuronkit.explorer.presets import PRESETS

    keys = [f"ds.{d}" for d in protocol.DATASETS] + [f"loss.{x}" for x in protocol.LOSSES]
    keys += [f"opt.{x}" for x in protocol.OPTIMIZERS]
    keys += [f"reg.{x}" for x in protocol.REGULARIZATIONS]
    keys += [f"sat.{x}" for x in ("none", "left", "right", "both")]
    keys += [f"smooth.{x}" for x in ("smooth", "C1", "C0", "discontinuous")]
    keys += [f"preset.{p['id']}.{part}" for p in PRESETS for part in ("title", "claim")]
    assert not [k for k in keys if k not in STRINGS]
