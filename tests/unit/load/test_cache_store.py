"""The cache under .cache/ is believed only when its header, the tool's fingerprint and the MAC all check out.

A damaged, truncated, hand-edited, foreign (another key: a cache copied in from elsewhere) or other-version
entry is a miss: the value is computed again and the file rewritten. Values come back equal to what was stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import own_cache_key

from site_builder.figures.mentions import find_mentions
from site_builder.load import cache, memos
from site_builder.load.split import split
from site_builder.load.yamlfile import loads


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with own_cache_key(tmp_path / "user-cache", monkeypatch):
        yield


def _stored(root: Path, name: str = "demo") -> Path:
    with cache.session(root) as c:
        assert c is not None
        c.memo(name, lambda v: v, lambda raw: raw).put("k", {"answer": 42})
    return root / cache.MEMO_DIR / f"{name}.memo"


def _read(root: Path, name: str = "demo") -> object:
    cache._CACHES.clear()  # a new process: nothing kept in memory
    with cache.session(root) as c:
        assert c is not None
        return c.memo(name, lambda v: v, lambda raw: raw).get("k")


def test_a_stored_value_is_read_back(tmp_path: Path) -> None:
    _stored(tmp_path)
    assert _read(tmp_path) == {"answer": 42}


def _flip_payload_byte(raw: bytes) -> bytes:
    i = raw.rindex(cache.dumps(42))  # the stored answer, as the payload writes it
    return raw[:i] + cache.dumps(43) + raw[i + len(cache.dumps(42)):]


def _flip_mac(raw: bytes) -> bytes:
    i = raw.index(b'"mac": "') + 8
    return raw[:i] + (b"0" if raw[i:i + 1] != b"0" else b"1") + raw[i + 1:]


def _other_tool(raw: bytes) -> bytes:
    head, _, rest = raw.partition(b"\n")
    header, _, payload = rest.partition(b"\n")
    doc = json.loads(header)
    doc["tool"] = "0" * 64
    return head + b"\n" + json.dumps(doc).encode() + b"\n" + payload


DAMAGE: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("payload byte flipped", _flip_payload_byte),
    ("mac byte flipped", _flip_mac),
    ("truncated in the payload", lambda raw: raw[:-3]),
    ("truncated in the header", lambda raw: raw[:30]),
    ("empty", lambda raw: b""),
    ("not a cache file", lambda raw: b'{"k": {"answer": 43}}'),
    ("another version of the tool", _other_tool),
    ("every byte flipped", lambda raw: bytes(b ^ 0xFF for b in raw)),
]


@pytest.mark.parametrize("damage", [d for _, d in DAMAGE], ids=[n for n, _ in DAMAGE])
def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    path = _stored(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    assert _read(tmp_path) is None
    _stored(tmp_path)  # computed again and written back whole
    assert _read(tmp_path) == {"answer": 42}


def test_a_cache_signed_with_another_key_is_not_believed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stored(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))  # the .cache/ came from elsewhere
    cache.secret_key.cache_clear()
    assert _read(tmp_path) is None


def test_the_key_is_private_to_its_owner(tmp_path: Path) -> None:
    assert cache.secret_key() is not None
    assert (tmp_path / "user-cache" / "site-builder" / "cache-key").stat().st_mode & 0o077 == 0


def test_no_cache_when_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_BUILDER_CACHE", "off")
    with cache.session(tmp_path) as c:
        assert c is None and cache.current() is None
    assert not (tmp_path / ".cache").exists()


def test_an_unwritable_cache_fails_nothing(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("a file where the folder should be", "utf-8")
    with cache.session(tmp_path) as c:
        assert c is not None
        c.memo("demo", lambda v: v, lambda raw: raw).put("k", 1)
    assert (tmp_path / ".cache").read_text("utf-8").startswith("a file")


def test_a_decoder_that_refuses_makes_a_miss(tmp_path: Path) -> None:
    _stored(tmp_path)
    cache._CACHES.clear()

    def strict(raw: object) -> object:
        raise ValueError("not what this code wrote")

    with cache.session(tmp_path) as c:
        assert c is not None
        assert c.memo("demo", lambda v: v, strict).get("k") is None


TEXTS = [
    "The cosmodrome is 5,550 km (3,450 miles) east of Moscow and cost $7.5bn, officials said on Sept. 12.",
    "Launches: nearly a dozen in 2023, up 12% from 2022; the 83-metre tower rose between 4.3 and 5.2 billion dollars.",
    "Call +7 495 123-45-67 or see https://example.org/a?b=1 before 05:27 GMT on Tuesday, the 3rd of May.",
    "Luna-25 and Soyuz-2.1b flew in the 1990s; about 1 500km; £40m; 115 million roubles; ¹ 1,5.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_figures_read_back_equal(text: str) -> None:
    from site_builder.figures.dates import parse_date

    for published in (None, parse_date("2023-09-14")):
        found = find_mentions(text, published=published)
        assert [memos.decode_mention(cache.loads(cache.dumps(memos.encode_mention(m)))) for m in found] == found


def test_documents_and_paragraphs_read_back_equal(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[3]
    texts = [p.read_text("utf-8") for p in sorted((repo / "facts").glob("*.yaml"))]
    articles = [(p.read_text("utf-8"), p.suffix) for p in sorted((repo / "seeds").iterdir()) if p.suffix in (".txt", ".md")]
    cold_docs = [loads(t, "f.yaml") for t in texts]
    cold_paras = [split(t, s) for t, s in articles]
    for _ in range(2):  # the first session stores, the second reads back
        cache._CACHES.clear()
        with cache.session(tmp_path):
            docs = [loads(t, "f.yaml") for t in texts]
            paras = [split(t, s) for t, s in articles]
        assert [(d.data, d.values, d.keys, d.text) for d in docs] == [(d.data, d.values, d.keys, d.text) for d in cold_docs]
        assert paras == cold_paras
    assert {p.name for p in (tmp_path / cache.MEMO_DIR).iterdir()} >= {"yaml.memo", "paragraphs.memo"}


_SHAPES = [
    "a: 1\n",
    "just text\n",
    "- 1\n- [2, {b: c}]\n- {}\n- []\n- - - deep\n",
    "k:\n  - a: {b: [1, 2]}\n    c: null\n  - 'x'\n1: 2\ntrue: yes\nempty:\nlist: []\nmap: {}\n",
    "facts:\n- id: a\n  claim: |\n    two\n    lines\n  citations:\n  - {source: s, quote: \"q\"}\n",
]


@pytest.mark.parametrize("text", _SHAPES)
def test_positions_read_back_in_the_documents_order(tmp_path: Path, text: str) -> None:
    # Only the numbers are stored; the paths come from a walk of the data, so the order must be the builders'.
    from site_builder.load.yamlfile import _load_careful

    cold = loads(text, "f.yaml")
    careful = _load_careful(text, "f.yaml")
    assert list(careful.values.items()) == list(cold.values.items())
    assert list(careful.keys.items()) == list(cold.keys.items())
    for _ in range(2):  # the first session stores, the second reads back
        cache._CACHES.clear()
        memos._DECODED.clear()
        with cache.session(tmp_path):
            doc = loads(text, "f.yaml")
        assert doc.data == cold.data
        assert list(doc.values.items()) == list(cold.values.items())
        assert list(doc.keys.items()) == list(cold.keys.items())


def test_decoded_positions_are_kept_for_a_serve_only_and_each_document_gets_its_own(tmp_path: Path) -> None:
    text = "a:\n  b: [1, 2]\n"
    with cache.session(tmp_path):
        loads(text, "f.yaml")  # stored
    memos._DECODED.clear()
    cache._CACHES.clear()
    with cache.session(tmp_path):
        first = loads(text, "f.yaml")
    assert first.values[("a", "b", 1)] == (2, 10) and not memos._DECODED  # a build reads it once: not kept
    cache.hold_writes()  # a serve
    try:
        with cache.session(tmp_path):
            one, two = loads(text, "f.yaml"), loads(text, "f.yaml")
        assert len(memos._DECODED) == 1
        one.values[("a",)] = (9, 9)
        assert two.values == first.values and one.values is not two.values
    finally:
        cache.write_held()
        memos._DECODED.clear()


def test_positions_that_do_not_fit_the_data_are_a_miss(tmp_path: Path) -> None:
    text = "a:\n  b: [1, 2]\n"
    with cache.session(tmp_path) as c:
        assert c is not None
        key = cache.digest(text)
        c.memo("yaml", lambda v: v, lambda raw: raw).put(key, {"data": {"a": {"b": [1, 2]}}, "values": [1, 1],
                                                               "keys": [1, 1, 2, 3]})
    cache._CACHES.clear()
    memos._DECODED.clear()
    with cache.session(tmp_path):
        doc = loads(text, "f.yaml")  # parsed again
    assert (doc.values, doc.keys) == ({(): (1, 1), ("a",): (2, 3), ("a", "b"): (2, 6), ("a", "b", 0): (2, 7),
                                       ("a", "b", 1): (2, 10)}, {("a",): (1, 1), ("a", "b"): (2, 3)})
    cache._CACHES.clear()
    memos._DECODED.clear()
    with cache.session(tmp_path):
        assert loads(text, "f.yaml").values == doc.values  # and stored again, right this time


def _memo_run(root: Path, keys: list[str], value: Callable[[str], object], *, new_process: bool = True) -> list[object]:
    """Return what one run finds in memo "demo" for ``keys``, putting ``value(key)`` for each it does not find."""
    if new_process:
        cache._CACHES.clear()
    with cache.session(root) as c:
        assert c is not None
        memo = c.memo("demo", lambda v: v, lambda raw: raw)
        found = [memo.get(k) for k in keys]
        for k, v in zip(keys, found, strict=True):
            if v is None:
                memo.put(k, value(k))
        return found


def test_entries_another_run_did_not_use_are_kept_for_a_while(tmp_path: Path) -> None:
    def run(*keys: str) -> list[object]:
        return _memo_run(tmp_path, list(keys), lambda k: f"value of {k}")

    assert run("a", "b") == [None, None]
    assert run("c") == [None]  # a run that needs only another page's entries ...
    assert run("a", "b", "c") == ["value of a", "value of b", "value of c"]  # ... keeps the others
    for n in range(cache.KEEP_WRITES + 1):
        run(f"new-{n}")
    assert run("a") == [None]  # unused for KEEP_WRITES rewrites: dropped


def test_entries_added_read_before_and_kept_in_one_process_all_read_back(tmp_path: Path) -> None:
    # What a run adds is kept as JSON text and written as it is, beside the entries read from the file.
    values = {"plain": [1, {"a": None}], 'q"uote\\': "two\nlines \u00e9 \U0001f600", "é": 2.5, "": True, "big": 10**30}

    def run(keys: list[str], *, new_process: bool = True) -> list[object]:
        return _memo_run(tmp_path, keys, values.__getitem__, new_process=new_process)

    keys = list(values)
    assert run(keys[:2]) == [None, None]
    assert run(keys[2:], new_process=False) == [None] * (len(keys) - 2)  # a serve: some entries still text
    assert run(keys[:1], new_process=False) == [values[keys[0]]]
    with cache.session(tmp_path) as c:  # an entry kept as text and no longer decoded: read from the text
        assert c is not None
        memo = c.memo("demo", lambda v: v, lambda raw: raw)
        memo._values.clear()
        assert [memo.get(k) for k in keys] == [values[k] for k in keys]
    assert run(keys) == [values[k] for k in keys]  # a new process reads them all back from the file
    values["later"] = ["added", 3]
    assert run(["later"]) == [None]  # entries read from the file and one added, written together
    assert run([*keys, "later"]) == [values[k] for k in [*keys, "later"]]


def test_a_released_memo_is_written_forgotten_and_read_again_from_its_file(tmp_path: Path) -> None:
    with cache.session(tmp_path) as c:
        assert c is not None
        c.memo("demo", lambda v: v, lambda raw: raw).put("k", {"answer": 42})
        c.memo("other", lambda v: v, lambda raw: raw).put("k", "kept in memory")
        cache.release(tmp_path, "demo", "never-opened")
        assert set(c.memos) == {"other"}  # what the memo held is no longer referenced by the cache
        assert (tmp_path / cache.MEMO_DIR / "demo.memo").is_file()  # written back as it was released
    with cache.session(tmp_path) as c:  # the same process: read from the file again
        assert c is not None
        assert c.memo("demo", lambda v: v, lambda raw: raw).get("k") == {"answer": 42}
        assert c.memo("other", lambda v: v, lambda raw: raw).get("k") == "kept in memory"
    cache.release(tmp_path / "no-project", "demo")  # no cache for that folder: nothing to do
    assert _read(tmp_path) == {"answer": 42}


# --------------------------------------------------------------------------- values kept one to a file


def test_a_blob_is_read_back_and_a_damaged_or_foreign_one_is_a_miss(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.load import shelf

    shelf.write_blob(tmp_path, "demo", "k", {"answer": 42})
    assert shelf.read_blob(tmp_path, "demo", "k") == {"answer": 42}
    path = tmp_path / shelf.BLOB_DIR / "demo" / "k.blob"
    other = path.with_name("other.blob")
    other.write_bytes(path.read_bytes())  # a blob moved under another key is another blob's name: a miss
    assert shelf.read_blob(tmp_path, "demo", "other") is None
    for _name, damage in DAMAGE:
        shelf.write_blob(tmp_path, "demo", "k", {"answer": 42})
        path.write_bytes(damage(path.read_bytes()))
        assert shelf.read_blob(tmp_path, "demo", "k") is None
    shelf.write_blob(tmp_path, "demo", "k", {"answer": 42})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    cache.secret_key.cache_clear()
    assert shelf.read_blob(tmp_path, "demo", "k") is None


def test_pruning_keeps_only_the_named_blobs(tmp_path: Path) -> None:
    from site_builder.load import shelf

    for key in ("a", "b", "c"):
        shelf.write_blob(tmp_path, "demo", key, {"key": key})
    shelf.prune_blobs(tmp_path, "demo", {"b"})
    assert [shelf.read_blob(tmp_path, "demo", k) for k in ("a", "b", "c")] == [None, {"key": "b"}, None]


# --------------------------------------------------------------------------- values kept together in a pack


def _pack_other_tool(raw: bytes) -> bytes:
    from site_builder.load import shelf

    header, _, payloads = raw[len(shelf.PACK_MAGIC):].partition(b"\n")
    doc = json.loads(header)
    doc["tool"] = "0" * 64
    return shelf.PACK_MAGIC + json.dumps(doc).encode() + b"\n" + payloads


def _pack_flip_mac(raw: bytes) -> bytes:
    i = raw.index(b'"a":[') + 5
    i = raw.index(b'"', i) + 1  # the first character of entry a's MAC
    return raw[:i] + (b"0" if raw[i:i + 1] != b"0" else b"1") + raw[i + 1:]


PACK_DAMAGE: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("payload byte flipped", _flip_payload_byte),
    ("mac byte flipped", _pack_flip_mac),
    ("truncated in the payload", lambda raw: raw[:-3]),
    ("truncated in the header", lambda raw: raw[:30]),
    ("empty", lambda raw: b""),
    ("not a pack", lambda raw: b'{"a": {"answer": 42}}'),
    ("another version of the tool", _pack_other_tool),
    ("every byte flipped", lambda raw: bytes(b ^ 0xFF for b in raw)),
]


def test_a_pack_gives_back_the_entries_asked_for(tmp_path: Path) -> None:
    from site_builder.load import shelf

    entries = {"a": {"answer": 41}, "b": {"text": "“curly” \u00a0 and \ud800 alone"}, "c": {"answer": 42}}
    shelf.write_pack(tmp_path, "demo", entries)
    assert shelf.read_pack(tmp_path, "demo", ["c", "a", "missing"]) == {"c": {"answer": 42}, "a": {"answer": 41}}
    assert shelf.read_pack(tmp_path, "demo", entries) == entries
    assert shelf.read_pack(tmp_path, "other", ["a"]) == {}  # no such pack
    shelf.write_pack(tmp_path, "demo", {"b": {"answer": 0}})  # replaced whole: a is gone
    assert shelf.read_pack(tmp_path, "demo", ["a", "b"]) == {"b": {"answer": 0}}


@pytest.mark.parametrize("damage", [d for _, d in PACK_DAMAGE], ids=[n for n, _ in PACK_DAMAGE])
def test_a_damaged_pack_entry_is_a_miss(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    from site_builder.load import shelf

    shelf.write_pack(tmp_path, "demo", {"b": {"answer": 7}, "a": {"answer": 42}})
    path = tmp_path / shelf.BLOB_DIR / "demo.pack"
    path.write_bytes(damage(path.read_bytes()))
    assert "a" not in shelf.read_pack(tmp_path, "demo", ["a", "b"])


def test_a_pack_entry_moved_under_another_key_or_read_by_another_user_is_a_miss(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.load import shelf

    shelf.write_pack(tmp_path, "demo", {"a": {"answer": 1}, "b": {"answer": 2}})
    path = tmp_path / shelf.BLOB_DIR / "demo.pack"
    raw = path.read_bytes()
    header, _, payloads = raw[len(shelf.PACK_MAGIC):].partition(b"\n")
    doc = json.loads(header)
    doc["index"]["a"][:2] = doc["index"]["b"][:2]  # a's MAC over b's payload
    path.write_bytes(shelf.PACK_MAGIC + json.dumps(doc).encode() + b"\n" + payloads)
    assert shelf.read_pack(tmp_path, "demo", ["a", "b"]) == {"b": {"answer": 2}}
    shelf.write_pack(tmp_path, "demo", {"a": {"answer": 1}})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    cache.secret_key.cache_clear()
    assert shelf.read_pack(tmp_path, "demo", ["a"]) == {}


def test_writing_a_pack_removes_the_blobs_of_its_kind(tmp_path: Path) -> None:
    from site_builder.load import shelf

    shelf.write_blob(tmp_path, "demo", "a", {"answer": 1})
    shelf.write_pack(tmp_path, "demo", {"a": {"answer": 2}})
    assert shelf.read_blob(tmp_path, "demo", "a") is None
    assert shelf.read_pack(tmp_path, "demo", ["a"]) == {"a": {"answer": 2}}


def _in_scope(root: Path, *, fallback: bool, put: object = None) -> object:
    from site_builder.load import shelf

    cache._CACHES.clear()  # a new process
    with cache.session(root), shelf.scope("page one", fallback=fallback):
        memo = cache.current().memo("demo", lambda v: v, lambda raw: raw)  # type: ignore[union-attr]
        if put is not None:
            memo.put("k", put)
        return memo.get("k")


def test_a_scope_reads_back_what_it_used_and_leaves_the_project_memo_alone_without_fallback(tmp_path: Path) -> None:
    _stored(tmp_path)  # the project's memo has k
    assert _in_scope(tmp_path, fallback=False) is None  # not read: the scope's own file has nothing yet
    assert _in_scope(tmp_path, fallback=True) == {"answer": 42}  # looked up there, and kept in the scope
    (tmp_path / cache.MEMO_DIR / "demo.memo").unlink()
    assert _in_scope(tmp_path, fallback=False) == {"answer": 42}  # now from the scope's own file
    assert _in_scope(tmp_path, fallback=False, put={"answer": 7}) == {"answer": 7}
    assert _in_scope(tmp_path, fallback=False) == {"answer": 7}


def test_a_damaged_scope_is_a_miss(tmp_path: Path) -> None:
    from site_builder.load import shelf

    _in_scope(tmp_path, fallback=False, put={"answer": 7})
    [path] = (tmp_path / shelf.BLOB_DIR / "scope").glob("*.blob")
    path.write_bytes(_flip_mac(path.read_bytes()))
    assert _in_scope(tmp_path, fallback=False) is None


def test_sources_read_back_equal(tmp_path: Path) -> None:
    from support import copy_project

    from site_builder.load.project import read_sources
    from site_builder.model.project import Layout

    root = copy_project(tmp_path / "project")
    sources, _doc = read_sources(Layout(root), [])
    assert sources
    for source in sources:
        raw = cache.loads(cache.dumps(memos.encode_source(source)))
        assert memos.decode_source(raw) == source
    with pytest.raises(TypeError):
        memos.decode_source({**memos.encode_source(sources[0]), "entry_index": "0"})


def test_held_writes_are_written_once_the_holder_says_so(tmp_path: Path) -> None:
    cache.hold_writes()
    try:
        path = _stored(tmp_path)
        assert not path.exists(), "a serve build's session does not write the cache back at its end"
        with cache.session(tmp_path) as c:  # a second session of the same build: still held, still in memory
            assert c is not None and c.memo("demo", lambda v: v, lambda raw: raw).get("k") == {"answer": 42}
        assert not path.exists()
    finally:
        cache.write_held()
    assert path.is_file()
    assert _read(tmp_path) == {"answer": 42}
    _stored(tmp_path, "other")  # no longer held: written at the session's end
    assert (tmp_path / cache.MEMO_DIR / "other.memo").is_file()


def test_data_reads_back_as_written_and_a_string_subclass_as_its_plain_string() -> None:
    from enum import StrEnum

    class Kind(StrEnum):
        YEAR = "year"

    data = {"a": [1, 2.5, None, True, "d\u00e9j\u00e0 \ud800"], "t": (1, "x"), "n": {"k": [[]]}}
    assert cache.loads(cache.dumps(data)) == data
    assert type(cache.loads(cache.dumps(data))["t"]) is tuple
    assert cache.dumps(data) == cache.dumps(cache.loads(cache.dumps(data)))  # the bytes depend only on the data
    kept = cache.loads(cache.dumps({"kind": Kind.YEAR, "codes": [Kind.YEAR]}))
    assert kept == {"kind": "year", "codes": ["year"]} and type(kept["kind"]) is str
    with pytest.raises(ValueError, match=r"marshal|cache data"):
        cache.loads(b"\xff\x00 not written by dumps")


def test_writing_an_entry_removes_the_json_file_the_cache_format_before_kept_for_it(tmp_path: Path) -> None:
    from site_builder.load import shelf

    memo_dir, scope_dir = tmp_path / cache.MEMO_DIR, tmp_path / shelf.BLOB_DIR / "scope"
    for folder in (memo_dir, scope_dir):
        folder.mkdir(parents=True)
    (memo_dir / "demo.json").write_bytes(b"site-builder cache 1\n{}\n{}")
    (memo_dir / "other.json").write_bytes(b"not ours to judge: another memo's")
    (scope_dir / "k.json").write_bytes(b"site-builder cache 1\n{}\n{}")
    with cache.session(tmp_path) as store:
        assert store is not None
        store.memo("demo", lambda v: v, lambda v: v).put("key", [1])
    shelf.write_blob(tmp_path, "scope", "k", {"a": 1})
    assert sorted(p.name for p in memo_dir.iterdir()) == ["demo.memo", "other.json"]
    assert sorted(p.name for p in scope_dir.iterdir()) == ["k.blob"]
