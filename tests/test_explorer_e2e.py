"""The explorer in a real headless Chromium, driven by Playwright.

The browser is Debian's ``chromium`` (``/usr/bin/chromium``; ``.ci/run`` installs it),
never a downloaded one.  The page exposes its state as data attributes
(``data-curve-hash``, ``data-epoch``, ``data-test-loss``, ``data-config``, ...), so the
assertions read numbers, not pixels.  Each view's screenshot is saved under
``test-artifacts/explorer/`` for people to look at.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

import neuronkit as nk

# NEURONKIT_TEST_CHROMIUM names another Chromium (tests/test_pytest_config.py names a
# missing one, to see the skip's reason in the summary)
CHROMIUM = os.environ.get("NEURONKIT_TEST_CHROMIUM") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "explorer"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync",
               "--disable-quic", "--disable-dev-shm-usage"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install playwright)"
    if not os.path.exists(CHROMIUM):
        return (f"no Chromium at {CHROMIUM}: the browser tests need it (Debian/Ubuntu: "
                "apt-get install chromium)")
    for name in ("starlette", "uvicorn"):
        try:
            __import__(name)
        except ImportError:
            return f"{name} is not installed (pip install 'neuronkit[explore]')"
    return None


_WHY = _missing()
if _WHY and os.environ.get("CI"):
    pytest.fail(f"explorer end-to-end tests cannot run in CI: {_WHY}", pytrace=False)
if _WHY:  # one line in the summary (pytest -rs, in pyproject's addopts) says why
    pytest.skip(_WHY, allow_module_level=True)


# -- fixtures ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    """The explorer served by uvicorn in a thread, on a free loopback port."""
    import socket

    import uvicorn

    from neuronkit.explorer import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(allowed_hosts=["127.0.0.1", "localhost"])  # as `neuronkit explore` does
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the explorer did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.set_default_timeout(15_000)
    yield pg
    ctx.close()
    assert not errors, f"errors in the page: {errors}"


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def attr(page, selector: str, name: str) -> str:
    return page.get_attribute(selector, f"data-{name}")


def playground_url(server: str, **config) -> str:
    q = {"view": "playground", "data": "xor", "noise": 0.05, "size": 120, "test": 0.5,
         "dseed": 1, "layers": "4:tanh", "loss": "binary_cross_entropy", "opt": "adam",
         "lr": 0.03, "batch": 10, "reg": "none", "rate": 0, "seed": 5}
    q.update(config)
    return server + "#" + urlencode(q)


def wait_attr(page, selector: str, name: str, predicate: str, timeout: float = 15_000):
    """Wait until ``predicate`` (JS, of the attribute value ``v``) holds."""
    page.wait_for_function(
        f"() => {{ const e = document.querySelector({json.dumps(selector)});"
        f" if (!e) return false; const v = e.dataset[{json.dumps(name)}]; return {predicate}; }}",
        timeout=timeout)


def sessions(server: str) -> int:
    with urllib.request.urlopen(server + "api/status", timeout=5) as r:
        return json.load(r)["sessions"]


# -- 1. activations ---------------------------------------------------------------------

def test_activations_view_slider_changes_the_plot(server, page):
    page.goto(server + "#view=activations&acts=logistic,leaky_relu;negative_slope=0.01")
    wait_attr(page, "#view-activations", "ready", "v === '1'")
    wait_attr(page, "#act-plot", "activations", "v && v.includes('negative_slope=0.01')")
    before = attr(page, "#act-plot", "curve-hash")
    assert page.is_checked("input[data-activation=leaky_relu]")
    page.fill("input[data-param='leaky_relu.negative_slope']", "0.5")
    wait_attr(page, "#act-plot", "activations", "v.includes('negative_slope=0.5')")
    assert attr(page, "#act-plot", "curve-hash") != before
    assert "leaky_relu;negative_slope=0.5" in page.url, "the URL follows the sliders"
    # add a third activation from the catalogue: its properties appear
    page.check("input[data-activation=gelu]")
    page.wait_for_selector("#act-props tr[data-activation=gelu]")
    assert page.text_content("#act-props tr[data-activation=logistic] td:nth-child(2)") == "(0, 1)"
    # the value and derivative under the mouse
    box = page.locator("#act-plot").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelector('#act-readout').dataset.x")
    readout = page.text_content("#act-readout")
    assert "logistic: f = " in readout and "f′ = " in readout
    x = float(attr(page, "#act-readout", "x"))
    import neuronkit as nk

    value = nk.activation("logistic")(x)
    assert f"logistic: f = {float(f'{value:.7g}'):.7g}"[:24] in readout
    shot(page, "activations")


def test_a_link_with_an_unknown_activation_or_the_clis_form(server, page):
    """An unknown name in a link is said (and left out), not a blank plot; the CLI's
    ``name:param=value`` and aliases are read as the page's own form."""
    page.goto(server + "#view=activations&acts=nosuch,leaky_relu:negative_slope=0.3,silu")
    page.wait_for_selector("#error", state="visible")
    text = page.text_content("#error")
    assert "nosuch" in text and "logistic" in text, text
    wait_attr(page, "#act-plot", "activations",
              "v && v.includes('negative_slope=0.3') && v.includes('swish')")
    assert "nosuch" not in attr(page, "#act-plot", "activations")
    assert "acts=leaky_relu;negative_slope=0.3,swish&" in page.url
    shot(page, "bad-link-activation")
    page.click("#error")  # a click closes the message (it may cover the toolbar)
    page.wait_for_selector("#error", state="hidden", timeout=2000)


@pytest.mark.parametrize("width", [1400, 1024])
def test_properties_table_shows_typeset_formulas(server, browser, width):
    """f(x) and f'(x) are MathML elements the browser lays out (not LaTeX source), each
    whole in its cell and the table of formulas whole on the page, GELU's following its
    approximate parameter; the class colours are the figures' colours."""
    from neuronkit._drawing import CLASS_COLORS

    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.goto(server + "#view=activations&acts=relu6,gelu;approximate=tanh,elu,logistic")
    wait_attr(page, "#view-activations", "ready", "v === '1'")
    page.wait_for_selector("#act-formulas tr[data-activation=elu] td.math math")
    cells = page.eval_on_selector_all("#act-formulas td.math math", """ms => ms.map(m => {
        const r = m.getBoundingClientRect(), c = m.closest('td');
        return {ns: m.namespaceURI, text: m.textContent, w: r.width, h: r.height,
                clipped: c.scrollWidth > c.clientWidth + 1,
                row: c.parentElement.dataset.activation}; })""")
    assert len(cells) == 8
    for c in cells:
        assert c["ns"] == "http://www.w3.org/1998/Math/MathML" and "\\" not in c["text"]
        assert c["w"] > 20 and c["h"] > 8 and not c["clipped"], c
    gelu = [c["text"] for c in cells if c["row"] == "gelu"]
    assert "tanh" in gelu[0] and "erf" not in gelu[0]
    # the elu row's cases: a two-row table, typeset taller than one line of text
    elu = page.eval_on_selector("#act-formulas tr[data-activation=elu] td.math math",
                                "m => [m.querySelectorAll('mtr').length, "
                                "m.getBoundingClientRect().height]")
    assert elu[0] == 2 and elu[1] > 25
    pos = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--pos')")
    rgb = tuple(int(CLASS_COLORS[1][i:i + 2], 16) for i in (1, 3, 5))
    assert pos.strip() == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"
    assert page.eval_on_selector("#act-formulas", "t => t.scrollWidth <= t.clientWidth + 1")
    page.locator("#act-props").screenshot(path=str(ARTIFACTS / f"properties-{width}.png"))
    page.locator("#act-formulas").screenshot(path=str(ARTIFACTS / f"formulas-{width}.png"))
    page.screenshot(path=str(ARTIFACTS / f"activations-{width}.png"), full_page=True)
    ctx.close()


# -- 2. neuron --------------------------------------------------------------------------

def test_neuron_view_gates_and_xor(server, page):
    page.goto(server + "#view=neuron&nmode=mp&w1=0.3&w2=0.3&b=0&gate=and")
    wait_attr(page, "#view-neuron", "solves", "v === '0'")
    page.click("#n-preset")
    wait_attr(page, "#view-neuron", "solves", "v === '1'")
    assert attr(page, "#view-neuron", "outputs") == "0,0,0,1"
    page.fill("input[data-param='neuron.b']", "-0.5")  # now it is OR
    wait_attr(page, "#view-neuron", "outputs", "v === '0,1,1,1'")
    page.select_option("#n-gate", "or")
    wait_attr(page, "#view-neuron", "solves", "v === '1'")
    shot(page, "neuron-or")
    page.select_option("#n-gate", "xor")
    wait_attr(page, "#view-neuron", "separable", "v === '0'")
    assert page.is_visible("#n-why")
    assert "contradiction" in page.text_content("#n-why")
    page.click("#n-preset")
    assert "No weights" in page.text_content("#n-preset-note")
    # the general neuron: a logistic unit's outputs
    page.check("input[name=nmode][value=general]")
    page.select_option("#n-act", "logistic")
    wait_attr(page, "#view-neuron", "outputs", "v && v.split(',')[0] !== '0'")
    outputs = [float(v) for v in attr(page, "#view-neuron", "outputs").split(",")]
    import neuronkit as nk

    expected = nk.Neuron(weights=[1, 1], bias=-0.5, activation="logistic")(
        [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert outputs == pytest.approx(expected.tolist(), rel=1e-12)
    shot(page, "neuron-xor")


# -- 3. playground ----------------------------------------------------------------------

def test_playground_trains_xor_below_a_test_loss(server, page):
    page.goto(playground_url(server))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    assert attr(page, "#view-playground", "epoch") == "0"
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "testLoss", "v !== '' && parseFloat(v) < 0.05",
              timeout=30_000)
    page.click("#pg-play")  # pause
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    epoch = int(attr(page, "#view-playground", "epoch"))
    assert epoch > 0
    page.check("#pg-show-test")
    shot(page, "playground")
    page.click("#pg-step")
    wait_attr(page, "#view-playground", "epoch", f"v === '{epoch + 1}'")


def test_reloading_the_url_reproduces_the_state_and_the_run(server, page):
    page.goto(playground_url(server, layers="3:tanh,2:relu", seed=17, lr=0.1))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    config = json.loads(attr(page, "#view-playground", "config"))
    assert [layer["units"] for layer in config["hidden"]] == [3, 2]
    first = attr(page, "#view-playground", "test-loss")
    for k in range(1, 6):
        page.click("#pg-step")
        wait_attr(page, "#view-playground", "epoch", f"v === '{k}'")
    after5 = attr(page, "#view-playground", "test-loss")
    assert after5 != first
    page.select_option("#pg-opt", "momentum")  # a change lands in the URL
    wait_attr(page, "#view-playground", "config", "v.includes('momentum')")
    wait_attr(page, "#view-playground", "epoch", "v === '0'")
    url = page.url
    assert "opt=momentum" in url
    for k in range(1, 6):
        page.click("#pg-step")
        wait_attr(page, "#view-playground", "epoch", f"v === '{k}'")
    momentum5 = attr(page, "#view-playground", "test-loss")
    page.reload()
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    assert json.loads(attr(page, "#view-playground", "config"))["optimizer"] == "momentum"
    assert page.input_value("#pg-opt") == "momentum"
    assert page.locator("select[data-layer-activation='1']").input_value() == "relu"
    assert attr(page, "#view-playground", "epoch") == "0"
    assert attr(page, "#view-playground", "test-loss") == first
    for k in range(1, 6):
        page.click("#pg-step")
        wait_attr(page, "#view-playground", "epoch", f"v === '{k}'")
    assert attr(page, "#view-playground", "test-loss") == momentum5


def test_a_runaway_learning_rate_is_stopped_and_said(server, page):
    page.goto(playground_url(server, layers=",".join(["8:identity"] * 6), opt="sgd", lr=10))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "diverged", "v === '1'")
    assert page.is_visible("#pg-diverged")
    assert "NaN" in page.text_content("#pg-diverged")
    assert attr(page, "#view-playground", "status") == "diverged"
    assert page.is_disabled("#pg-play")
    shot(page, "playground-diverged")
    page.click("#pg-reset")
    wait_attr(page, "#view-playground", "diverged", "v === '0'")


def test_dead_relu_units_are_highlighted(server, page):
    page.goto(playground_url(server, data="circles", size=200,
                             layers="8:relu,8:relu,8:relu", opt="sgd", lr=3))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "deadUnits", "parseInt(v) > 0")
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    assert page.locator(".node.dead").count() >= 1
    shot(page, "playground-dead-relu")


def test_a_bad_link_shows_an_error_and_falls_back(server, page):
    page.goto(playground_url(server, layers="99:tanh"))
    page.wait_for_selector("#error", state="visible")
    assert page.text_content("#error") == ("Neurons in hidden layer 1: choose a whole "
                                           "number from 1 to 8.")
    wait_attr(page, "#view-playground", "config", "v !== ''")
    assert json.loads(attr(page, "#view-playground", "config"))["hidden"][0]["units"] == 4


def wait_sessions(server: str, n: int, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while (count := sessions(server)) != n and time.monotonic() < deadline:
        time.sleep(0.05)
    return count


def test_closing_a_tab_frees_its_session(server, browser):
    assert wait_sessions(server, 0) == 0, "the tabs of the tests before are closed"
    ctx = browser.new_context()
    tabs = [ctx.new_page() for _ in range(2)]
    for tab in tabs:
        tab.goto(playground_url(server))
        tab.wait_for_function("() => document.body.dataset.connected === '1'")
    ids = {tab.evaluate("document.body.dataset.session") for tab in tabs}
    assert len(ids) == 2, "each tab has its own session"
    assert sessions(server) == 2
    tabs[0].click("#pg-play")
    tabs[1].close()
    assert wait_sessions(server, 1) == 1
    ctx.close()
    assert wait_sessions(server, 0) == 0


# -- languages and layout ---------------------------------------------------------------

VIEWS = ("activations", "neuron", "playground")
PG = "&view=playground&data=circles&layers=4:tanh,2:relu&size=120&seed=3"


def test_the_page_in_chinese_and_the_switch(server, browser):
    """``?lang=zh`` shows every label of the page in Chinese (the glossary's terms), a
    refused value is said in Chinese, and the switch turns it into English and back,
    keeping the view and every setting of the URL."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    page = ctx.new_page()
    page.goto(server + "?lang=zh#view=playground&layers=99:tanh")
    page.wait_for_function("() => document.body.dataset.lang === 'zh'")
    page.wait_for_selector("#error", state="visible")
    assert page.text_content("#error") == "第 1 个隐藏层的神经元数：请选择 1 到 8 之间的整数。"
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    labels = page.eval_on_selector_all(
        "[data-i18n]:not(#lang)", "es => es.map(e => [e.dataset.i18n, e.textContent])")
    assert len(labels) > 60
    english = [(k, v) for k, v in labels if not re.search(r"[\u4e00-\u9fff]", v)]
    assert not english, f"labels left in English: {english}"
    assert page.text_content("button[data-tab=activations]") == "激活函数"
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert "个神经元" in page.text_content("#view-playground [data-layer='0'] .col-head")
    assert page.text_content("button[data-dataset=circles]") == "圆环"
    # the activations' tooltips: each declaration's Chinese summary
    titles = page.eval_on_selector_all("label[data-summary]", "es => es.map(e => e.title)")
    assert len(titles) == len(nk.activation_names())
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in titles), titles
    assert page.get_attribute("label[data-summary=logistic]", "title") == "Logistic函数"
    shot(page, "playground-zh")
    page.click("#lang")
    page.wait_for_function("() => document.body.dataset.lang === 'en'")
    assert page.text_content("button[data-tab=activations]") == "Activations"
    assert page.get_attribute("label[data-summary=logistic]", "title") == "logistic sigmoid"
    assert "lang=en" in page.url and "view=playground" in page.url
    assert page.text_content("button[data-dataset=circles]") == "circles"
    page.click("#lang")
    page.wait_for_function("() => document.body.dataset.lang === 'zh'")
    page.reload()  # the URL keeps the language
    page.wait_for_function("() => document.body.dataset.lang === 'zh'")
    ctx.close()
    # no ?lang: the browser's language
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    page.goto(server)
    page.wait_for_function("() => document.body.dataset.lang === 'zh'")
    ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [1400, 1024])
def test_every_view_fits_the_window(server, browser, width, lang):
    """No view is wider than the window (the page was 1226 px wide at 1024); each
    view's screenshot is saved for people to look at."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    acts = "acts=relu6,gelu;approximate=tanh,elu,logistic,swish,prelu"
    page.goto(server + f"?lang={lang}#{acts}{PG}")
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    for view in VIEWS:
        page.click(f"button[data-tab={view}]")
        if view == "activations":
            wait_attr(page, "#view-activations", "ready", "v === '1'")
        page.wait_for_timeout(300)
        width_now = page.evaluate("document.documentElement.scrollWidth")
        assert width_now <= width, f"{view} is {width_now} px wide in a {width} px window"
        page.screenshot(path=str(ARTIFACTS / f"{view}-{lang}-{width}.png"), full_page=True)
    ctx.close()


def test_loss_curve_ticks_never_run_together(server, page):
    """Thousands of epochs on a 272 px wide axis: the labels keep at least 4 px apart
    (they read "500 100015002000" before)."""
    page.goto(playground_url(server, size=10, test=0.5, batch=5, layers="", lr=0.01))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "epoch", "parseInt(v) > 2500", timeout=60_000)
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    gap = float(attr(page, "#pg-curve", "xtick-gap"))
    ticks = attr(page, "#pg-curve", "xticks").split()
    assert gap >= 4 and len(ticks) >= 2, (gap, ticks)
    page.locator("#pg-curve").screenshot(path=str(ARTIFACTS / "loss-curve.png"))


def test_the_batch_box_follows_the_servers_limit(server, page):
    page.goto(playground_url(server, size=50))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    assert page.get_attribute("#pg-batch", "max") == "50"
    page.fill("#pg-batch", "500")
    page.press("#pg-batch", "Enter")
    page.wait_for_selector("#error", state="visible")
    assert "1 to 50" in page.text_content("#error")
    wait_attr(page, "#view-playground", "config", "JSON.parse(v).batch_size === 50")


def test_features_hover_discretize_and_editing_a_weight(server, page):
    """TensorFlow Playground's interactions: a feature toggle changes the first layer's
    inputs and their thumbnails; hovering a neuron shows its map in the output panel;
    "discretize output" changes the map; clicking a link edits its weight."""
    page.goto(playground_url(server, layers="3:tanh"))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    assert page.locator("button.feature.on").count() == 2
    thumbs = page.eval_on_selector_all("canvas[data-feature-thumb]",
                                       "cs => cs.map(c => c.toDataURL())")
    assert len(set(thumbs)) == 11, "each feature has its own thumbnail"
    page.click("button[data-feature=x1x2]")
    wait_attr(page, "#view-playground", "config",
              "JSON.parse(v).features.join() === 'x1,x2,x1x2'")
    page.wait_for_function("() => document.querySelectorAll('button.feature.on').length === 3")
    assert page.get_attribute("button[data-feature=x1x2]", "aria-pressed") == "true"
    assert page.locator("canvas[data-unit='in.2']").count() == 1
    assert "feat=x1,x2,x1x2" in page.url
    # hover a hidden neuron: the output panel shows its map, then the network's again
    heat = attr(page, "#pg-heat", "hash")
    page.hover("[data-node='0.1']")
    wait_attr(page, "#pg-heat", "showing", "v === '0.1'")
    assert attr(page, "#pg-heat", "hash") != heat
    shot(page, "playground-hover")
    page.mouse.move(5, 5)
    wait_attr(page, "#pg-heat", "showing", "v === 'output'")
    page.check("#pg-discrete")
    wait_attr(page, "#pg-heat", "hash", f"v !== {json.dumps(heat)}")
    page.uncheck("#pg-discrete")
    wait_attr(page, "#pg-heat", "hash", f"v === {json.dumps(heat)}")
    # click the middle of the link x1 -> neuron 1 of layer 1 and give it a large weight
    mid = page.evaluate("""() => {
        const a = document.querySelector("canvas[data-unit='in.0']").getBoundingClientRect();
        const b = document.querySelector("canvas[data-unit='0.0']").getBoundingClientRect();
        return [(a.right + b.left) / 2, (a.top + a.bottom + b.top + b.bottom) / 4]; }""")
    page.mouse.click(*mid)
    page.wait_for_selector("#pg-weight-edit", state="visible")
    page.fill("#pg-weight", "-6")
    page.press("#pg-weight", "Enter")
    wait_attr(page, "#pg-heat", "hash", f"v !== {json.dumps(heat)}")
    weight = page.evaluate("document.querySelector('#pg-weight').value")
    assert float(weight) == -6
    shot(page, "playground-weight-edit")


def test_editing_a_weight_from_the_keyboard(server, page):
    """Enter on a focused neuron opens its first incoming weight, Page Down the next one;
    a new value changes the output map; Escape closes the box and gives the focus back
    (the links are drawn on a canvas, which a keyboard cannot reach)."""
    page.goto(playground_url(server, layers="3:tanh"))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    heat = attr(page, "#pg-heat", "hash")
    page.focus("[data-node='0.1']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#pg-weight-edit", state="visible")
    assert page.evaluate("document.activeElement.id") == "pg-weight"
    box = "#pg-weight-edit"
    assert (attr(page, box, "node"), attr(page, box, "target"), attr(page, box, "source")) \
        == ("0.1", "1", "0")
    page.keyboard.press("PageDown")
    assert attr(page, box, "source") == "1"
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")  # wraps around to the last input
    assert attr(page, box, "source") == "1"
    page.fill("#pg-weight", "5")
    page.press("#pg-weight", "Enter")
    wait_attr(page, "#pg-heat", "hash", f"v !== {json.dumps(heat)}")
    page.keyboard.press("Escape")
    page.wait_for_selector("#pg-weight-edit", state="hidden")
    assert page.evaluate("document.activeElement.dataset.node") == "0.1"


def test_layer_activation_parameters_and_learned_ones(server, page):
    """The slope of a leaky ReLU is set in the page (it lands in the URL and the run);
    PReLU's slope is shown as it learns."""
    page.goto(playground_url(server, layers="3:leaky_relu,2:prelu", lr=0.1))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    box = "input[data-layer-param='0.negative_slope']"
    assert page.get_attribute(box, "aria-label") == "negative_slope of hidden layer 1"
    page.fill(box, "0.2")
    page.press(box, "Enter")
    wait_attr(page, "#view-playground", "config",
              "JSON.parse(v).hidden[0].activation.params.negative_slope === 0.2")
    assert "leaky_relu;negative_slope=0.2" in page.url
    learned = "[data-learned='1.negative_slope']"
    page.wait_for_function(f"() => document.querySelector({json.dumps(learned)}).dataset.value")
    first = float(page.get_attribute(learned, "data-value"))
    for k in range(1, 4):
        page.click("#pg-step")
        wait_attr(page, "#view-playground", "epoch", f"v === '{k}'")
    assert float(page.get_attribute(learned, "data-value")) != first


def test_a_claim_of_the_chapter_in_one_click(server, browser):
    """The dying-ReLU preset sets up the experiment, says what to look for (in Chinese
    here) and shows dead units when played; the URL keeps it."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    page.goto(server + "?lang=zh#view=playground")
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    page.select_option("#pg-preset", "dying_relu")
    wait_attr(page, "#view-playground", "config",
              "JSON.parse(v).hidden.map(l => l.activation.name).join() === 'relu,relu,relu'")
    assert "死亡" in page.text_content("#pg-claim") and page.is_visible("#pg-claim")
    assert "preset=dying_relu" in page.url
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "deadUnits", "parseInt(v) > 0")
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    shot(page, "preset-dying-relu-zh")
    ctx.close()


def test_a_regression_run_and_its_colour_scale(server, page):
    """The plane: a linear output learns the target (test loss below 0.01); the colour
    legend goes from -1 to 1 and the loss is the squared error."""
    page.goto(playground_url(server, data="plane", layers="", noise=0, size=200, lr=0.03))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    assert json.loads(attr(page, "#view-playground", "config"))["loss"] == "mse"
    assert page.is_disabled("#pg-loss")
    assert page.text_content("#pg-cb-lo") == "-1" and page.text_content("#pg-cb-hi") == "1"
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "testLoss", "v !== '' && parseFloat(v) < 0.01",
              timeout=30_000)
    page.click("#pg-play")
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    shot(page, "playground-regression")


def test_the_gradient_flow_shows_the_vanishing_gradient(server, page):
    """Six logistic layers (the vanishing-gradient preset): the first layer's weight
    gradient is orders of magnitude below the output layer's, as the view draws it."""
    page.goto(server + "#view=playground&preset=vanishing")
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    page.select_option("#pg-preset", "vanishing")
    wait_attr(page, "#pg-flow", "layers", "v === '7'")
    for k in range(1, 4):
        page.click("#pg-step")
        wait_attr(page, "#view-playground", "epoch", f"v === '{k}'")
    grad = json.loads(attr(page, "#pg-flow", "grad"))
    assert len(grad) == 7 and 0 < grad[0] < grad[-1] / 100, grad
    assert page.locator("#pg-flow-legend span").count() == 7
    page.locator(".network-wrap").screenshot(path=str(ARTIFACTS / "gradient-flow.png"))


def test_compare_mode_runs_both_networks(server, page):
    """Network B: the same data, seed and settings with logistic hidden layers instead of
    tanh (the bias-shift claim); step drives both, each in its own session."""
    page.goto(playground_url(server, data="circles", layers="6:tanh,6:tanh", opt="sgd",
                             lr=0.3, cmp="logistic"))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    wait_attr(page, "#pg-compare", "epoch", "v === '0'")
    config_b = json.loads(attr(page, "#pg-compare", "config"))
    assert [layer["activation"]["name"] for layer in config_b["hidden"]] == ["logistic"] * 2
    assert wait_sessions(server, 2) == 2
    for k in range(1, 6):
        page.click("#pg-step")
        wait_attr(page, "#view-playground", "epoch", f"v === '{k}'")
        wait_attr(page, "#pg-compare", "epoch", f"v === '{k}'")
    a = float(attr(page, "#view-playground", "test-loss"))
    b = float(attr(page, "#pg-compare", "test-loss"))
    assert a != b
    shot(page, "playground-compare")
    page.select_option("#pg-cmp", "")
    assert wait_sessions(server, 1) == 1, "switching compare off closes B's session"


def test_each_layer_shows_where_its_net_inputs_sit(server, page):
    """Under each hidden layer: the histogram of its units' net inputs on the training
    points (all of them counted) with f and f' of its activation on that range."""
    page.goto(playground_url(server, layers="3:tanh,2:relu", size=120, test=0.5))
    wait_attr(page, "#view-playground", "status", "v === 'paused'")
    wait_attr(page, "canvas[data-preact='0']", "count", "v !== undefined")
    assert int(attr(page, "canvas[data-preact='0']", "count")) <= 60 * 3
    assert int(attr(page, "canvas[data-preact='0']", "count")) > 60 * 3 * 0.9
    assert int(attr(page, "canvas[data-preact='1']", "count")) > 60 * 2 * 0.9
    page.locator("[data-layer='0']").screenshot(path=str(ARTIFACTS / "layer-preact.png"))
