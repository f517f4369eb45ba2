"""Document-local resolution: which mentions of one document are the same entity.

Rules (never a merge without evidence):

* **persons**: full names group by their folded form and by spelling variants whose given
  names agree (``etl.names.same_person``). A one-word mention (or ``de Waal``) is the surname of
  the full name in scope: the one full name with that surname, else the nearest one before it
  (``surname-in-scope``); failing that, the one full name with that given name
  (``given-name-in-scope``); else it stays its own entity (``Markar`` is not Monte Melkonian).
  The canonical name is the fullest name seen.
* **places**: a place with an administrative generic (district, village...) or none is keyed
  by its proper name (``Kalbajar District`` = ``the district of Kalbajar`` = ``Kalbajar``); a
  physical feature keeps its generic (``Omar Pass``, ``Tartar River``); a bare name joins a
  feature when it has the article (``the Tartar`` -> ``Tartar River``) or the feature is a
  ``Mount X``. The gazetteer's canonical spelling wins; else the most frequent spelling.
* **units**: ordinal units by (number, formation) and compatible sides; named units by name.
* **events**: by name.
* for every kind: spelling variants (``etl.names.skeleton``, guarded by length, first letter,
  edit distance, and never two different gazetteer places), declared aliases (``known as``...),
  the alias file (``etl/data/aliases.tsv``) and the archive's ``extra_aliases``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from collections.abc import Iterable, Sequence

from etl.lexicon import Lexicon
from etl.names import MIN_SKELETON, PARTICLES, fold, same_person, skeleton, split_person_name
from etl.types import AliasRecord, EntityRecord, MentionRecord

KIND_ORDER = ("person", "unit", "place", "event")


class _UF:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int, *, root: int | None = None) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keep = self.find(root) if root is not None else min(ra, rb)
        other = rb if keep == ra else ra
        self.p[other] = keep


def _edit_distance_le(a: str, b: str, limit: int) -> bool:
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return False
        prev = cur
    return prev[-1] <= limit


@lru_cache(maxsize=8192)
def variant_names(a: str, b: str) -> bool:
    """Two spellings of one name (not two names that happen to share a skeleton)."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if not fa or not fb or fa[0] != fb[0]:
        return False
    sa, sb = skeleton(a), skeleton(b)
    if sa != sb or len(sa) < max(MIN_SKELETON, 4):
        return False
    if (fa[-1] in "aeiouy") != (fb[-1] in "aeiouy"):
        return False
    return _edit_distance_le(fa.replace(" ", ""), fb.replace(" ", ""), 2)


def _designation(name: str, lex: Lexicon) -> set[str]:
    """The descriptive words of a numbered unit's name (not its number, formation word or
    demonyms): "Commando" of "3 Commando Brigade", "mechanised" of "412th Mechanised Brigade"."""
    words = name.casefold().split()
    return {w for w in words[1:-1] if w != "no." and w not in lex.demonyms and not w[:1].isdigit()}


def _same_designation(a: str, b: str, lex: Lexicon) -> bool:
    """Two names of one numbered unit: the descriptive words of one include the other's
    ("412th Brigade" = "412th Mechanised Brigade", but "3 Commando Brigade" is not "3rd
    Infantry Brigade")."""
    da, db = _designation(a, lex), _designation(b, lex)
    return da <= db or db <= da


def _strip_event(name: str) -> str:
    name = " ".join(name.split())
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"\s*\([^)]*\)\s*$", "", name)


def resolve(text: str, cands: Sequence, lex: Lexicon, extra_aliases: Iterable[tuple[str, str, str]] = ()):
    """Group candidates into document-local entities; returns (entities, mentions)."""
    # keep one candidate per span: the first recognised
    order = sorted(range(len(cands)), key=lambda i: (cands[i].seg, cands[i].start, -(cands[i].end - cands[i].start), i))
    kept: list[int] = []
    last_end: dict[int, int] = {}
    for i in order:
        c = cands[i]
        if c.end <= c.start or c.start < last_end.get(c.seg, -1):
            continue
        kept.append(i)
        last_end[c.seg] = c.end
    keep = set(kept)

    # (kind, folded alias) -> (canonical, source): the alias file's, then the archive's (read-only
    # below; made once per lexicon and tuple of archive aliases)
    curated, admin, curated_index = _aliases(lex, extra_aliases)

    uf = _UF(len(cands))
    canon: dict[int, str] = {}  # per candidate: its proposed canonical name
    resolution: dict[int, str] = {}
    place_key: dict[int, tuple] = {}

    # --- names and curated aliases -------------------------------------------------------
    def surface(i: int) -> str:
        return text[cands[i].start:cands[i].end]

    for i in kept:
        c = cands[i]
        s = _squash(text[c.start:c.end])
        if c.kind == "event":
            name = _strip_event(c.canonical or s)
        elif c.kind == "unit":
            name = c.canonical or s
        elif c.kind == "place":
            name = c.core or s
        else:
            name = s
        hit = curated.get((c.kind, fold(name))) or curated.get((c.kind, fold(s)))
        if hit:
            canon[i] = hit[0]
            resolution[i] = "alias-file"
            c.curated = hit[0]
        else:
            canon[i] = name

    # --- persons ---------------------------------------------------------------------------
    persons = [i for i in kept if cands[i].kind == "person"]
    full: list[int] = []
    single: list[int] = []
    for i in persons:
        toks = canon[i].split()
        if len(toks) >= 2 and toks[0].casefold() not in PARTICLES:
            full.append(i)
        else:
            single.append(i)
    reps: list[int] = []  # one representative per full-name group
    for i in full:
        name_i = canon[i]
        fi = fold(name_i)
        for r in reps:
            name_r = canon[r]
            same_fold = fold(name_r) == fi
            if same_fold or _same_full_person(name_r, name_i):
                uf.union(r, i, root=r)
                resolution.setdefault(i, "full-name" if same_fold else "variant")
                break
        else:
            reps.append(i)
            resolution.setdefault(i, "full-name")
    # per representative (canon never changes below): its given name's first word, folded
    rep_given = [(r, _first_given_folded(canon[r])) for r in reps]
    singles_by_fold: dict[str, list[int]] = {}  # in the order of ``single``
    for j in single:
        singles_by_fold.setdefault(fold(canon[j]), []).append(j)
    # per representative: its surname, folded and as a skeleton (for a quick exact pre-test of
    # _surname_matches: equal folds, or the same first letter and skeleton for variant_names)
    rep_surname = []
    for r in reps:
        sn = split_person_name(canon[r])[1]
        rep_surname.append((r, fold(sn) if sn else None, skeleton(sn) if sn else None))
    for i in single:
        name = canon[i]
        fn = fold(name)
        sk_name = skeleton(name)
        by_surname = [r for r, fs, ss in rep_surname if fs is not None and (
            fs == fn or fs[:1] == fn[:1] and ss == sk_name) and _surname_matches(canon[r], name)]
        if by_surname:
            roots = {uf.find(r) for r in by_surname}
            pick = _nearest(cands, i, [m for m in full if uf.find(m) in roots])
        else:
            pick = None
        if pick is not None:
            uf.union(pick, i, root=uf.find(pick))
            resolution[i] = "surname-in-scope"
            continue
        by_given = [r for r, g in rep_given if g == fn]
        if len({uf.find(r) for r in by_given}) == 1:
            uf.union(by_given[0], i, root=uf.find(by_given[0]))
            resolution[i] = "given-name-in-scope"
            continue
        same = [j for j in singles_by_fold[fn] if j < i and resolution.get(j) not in ("surname-in-scope", "given-name-in-scope")]
        if same:
            uf.union(same[0], i, root=uf.find(same[0]))
            resolution[i] = "full-name"
        else:
            resolution.setdefault(i, "full-name")

    # --- places ----------------------------------------------------------------------------
    places = [i for i in kept if cands[i].kind == "place"]
    groups: dict[tuple, int] = {}
    key_of_group: dict[int, tuple] = {}  # the inverse of groups (a candidate heads one group at most)
    bare: list[int] = []
    for i in places:
        c = cands[i]
        if c.curated:
            key = ("S", fold(c.curated))
        elif c.place_kind == "feature":
            core = c.core or surface(i)
            key = ("F", fold(core), (c.generic or "").casefold(), c.prefix_generic)
        elif c.place_kind in ("admin", "polity") or c.alias_of is not None:
            g = c.gazetteer or lex.gazetteer.get(fold(c.core or surface(i)))
            key = ("S", fold(g.name if g else (c.core or surface(i))))
        else:
            bare.append(i)
            continue
        place_key[i] = key
        if key in groups:
            uf.union(groups[key], i, root=groups[key])
        else:
            groups[key] = i
            key_of_group[i] = key
    # feature groups are all made above (below only settlement groups are added)
    # (with their names' fold and skeleton: variant_names(a, b) needs equal folds or skeletons)
    feature_groups = [(k, r, fold(k[1]), skeleton(k[1])) for k, r in groups.items() if k[0] == "F"]
    for i in bare:
        c = cands[i]
        core = c.core or surface(i)
        fc = fold(core)
        features = []
        if feature_groups:
            sc = skeleton(core)
            features = [(k, r) for k, r, fk, sk in feature_groups
                        if k[1] == fc or (fk == fc or sk == sc) and variant_names(k[1], core)]
        g0 = c.gazetteer or lex.gazetteer.get(fc)
        settlement = groups.get(("S", fold(g0.name) if g0 is not None else fc))
        target = None
        if settlement is not None and not c.article:
            target = settlement
        elif c.article and features:
            target = _prefer_feature(features)
        elif not c.article:
            mounts = [(k, r) for k, r in features if k[3]]
            if mounts:
                target = mounts[0][1]
        if target is None and settlement is not None:
            target = settlement
        if target is None:
            g = c.gazetteer or lex.gazetteer.get(fc)
            key = ("S", fold(g.name)) if g is not None else ("S", fc)
            if key in groups:
                place_key[i] = key
                uf.union(groups[key], i, root=groups[key])
                continue
            groups[key] = i
            key_of_group[i] = key
            place_key[i] = key
            continue
        place_key[i] = key_of_group[target]
        uf.union(target, i, root=target)
        if resolution.get(i) is None and fold(core) != place_key[i][1]:
            resolution[i] = "variant"
    # spelling variants between settlement groups
    skeys = [k for k in groups if k[0] == "S"]
    # variant_names(a, b) needs equal folds or equal skeletons: only such pairs are visited
    # (in the order of the full pairwise loop)
    buckets: dict[tuple[str, str], list[int]] = {}
    for idx, k in enumerate(skeys):
        buckets.setdefault(("f", fold(k[1])), []).append(idx)
        buckets.setdefault(("s", skeleton(k[1])), []).append(idx)
    partners: dict[int, set[int]] = {}
    for idxs in buckets.values():
        if len(idxs) > 1:
            for x in idxs:
                partners.setdefault(x, set()).update(idxs)
    for a_i, ka in enumerate(skeys):
        for b_i in sorted(b for b in partners.get(a_i, ()) if b > a_i):
            kb = skeys[b_i]
            ra, rb = groups[ka], groups[kb]
            if uf.find(ra) == uf.find(rb):
                continue
            ga = lex.gazetteer.get(ka[1])
            gb = lex.gazetteer.get(kb[1])
            if ga is not None and gb is not None and ga is not gb:
                continue
            if variant_names(ka[1], kb[1]):
                first = min(ra, rb, key=lambda x: (cands[x].seg, cands[x].start))
                uf.union(ra, rb, root=first)
                for m in places:
                    if place_key.get(m) in (ka, kb) and m != first:
                        resolution.setdefault(m, "variant")

    # --- units -----------------------------------------------------------------------------
    # each unit joins the first unit before it (in the text) of the same number and formation,
    # compatible side and designation, or (without a number) of the same name
    numbered: dict[tuple[int, str | None], list[int]] = {}
    named_units: dict[str, int] = {}
    for i in (i for i in kept if cands[i].kind == "unit"):
        c = cands[i]
        if c.number is None:
            j = named_units.setdefault(fold(canon[i]), i)
            if j != i:
                uf.union(j, i, root=uf.find(j))
            continue
        same = numbered.setdefault((c.number, c.formation), [])
        for j in same:
            d = cands[j]
            if c.side and d.side and c.side != d.side or not _same_designation(canon[i], canon[j], lex):
                continue
            uf.union(j, i, root=uf.find(j))
            break
        same.append(i)

    # --- events ----------------------------------------------------------------------------
    events = [i for i in kept if cands[i].kind == "event"]
    seen_events: dict[str, int] = {}
    for i in events:
        key = fold(canon[i])
        if key in seen_events:
            uf.union(seen_events[key], i, root=seen_events[key])
        else:
            seen_events[key] = i
    # the title's event and the lead sentence's longer name for it ("Siege of Kut" / "The Siege of
    # Kut Al Amara (7 December 1915 - ...) was"): one event, named as the title names it
    titled = [(key, i) for key, i in seen_events.items() if cands[i].seg == 0]
    for key, i in seen_events.items():
        if cands[i].seg in (1, 2):
            for tkey, t in titled:
                if key != tkey and (key.startswith(tkey + " ") or tkey.startswith(key + " ")):
                    uf.union(t, i, root=t)
                    break

    # --- declared aliases -------------------------------------------------------------------
    for i in kept:
        c = cands[i]
        if c.alias_of is not None and c.alias_of in keep and cands[c.alias_of].kind == c.kind:
            uf.union(c.alias_of, i, root=uf.find(c.alias_of))
            resolution[i] = "declared-alias"

    # --- build the entities ------------------------------------------------------------------
    members: dict[int, list[int]] = {}
    for i in kept:  # (kept is in (seg, start) order, so is each member list)
        members.setdefault(uf.find(i), []).append(i)
    first_pos = {root: (cands[ms[0]].seg, cands[ms[0]].start) for root, ms in members.items()}
    roots = sorted(members, key=lambda r: (KIND_ORDER.index(cands[r].kind), first_pos[r]))
    counters: Counter = Counter()
    entities: list[EntityRecord] = []
    key_of: dict[int, str] = {}
    entity_members: list[list[int]] = []
    for root in roots:
        ms = members[root]  # == sorted(members[root], key=lambda m: (cands[m].seg, cands[m].start))
        kind = cands[root].kind
        counters[kind] += 1
        key = f"{kind}:{counters[kind]}"
        for m in ms:
            key_of[m] = key
        entity_members.append(ms)
        entities.append(_entity(text, cands, ms, root, key, kind, canon, lex, curated_index))
    # unit parents
    final: list[EntityRecord] = []
    for e, ms in zip(entities, entity_members):
        if e.kind == "unit":
            parent = None
            for m in ms:  # (the members of e, in the order key_of lists them)
                if cands[m].parent is not None and cands[m].parent in key_of:
                    parent = key_of[cands[m].parent]
            if parent and parent != e.key:
                e = _replace(e, parent_key=parent)
        final.append(e)
    mentions = []
    for i in sorted(kept, key=lambda m: (cands[m].start, cands[m].end)):
        c = cands[i]
        mentions.append(
            MentionRecord(
                segment_seq=c.seg,
                start=c.start,
                end=c.end,
                surface=text[c.start:c.end],
                kind=c.kind,
                rule=c.rule,
                entity_key=key_of[i],
                title=c.title,
                resolution=resolution.get(i, "full-name"),
            )
        )
    return tuple(final), tuple(mentions)


def _replace(e: EntityRecord, **kw) -> EntityRecord:
    from dataclasses import replace

    return replace(e, **kw)


@lru_cache(maxsize=8192)
def _same_full_person(a: str, b: str) -> bool:
    return same_person(a, b) and _fullish_match(a, b)


@lru_cache(maxsize=8192)
def _first_given_folded(full: str) -> str | None:
    """The first word of the given name of ``full``, folded (None without a given name)."""
    words = (split_person_name(full)[0] or "").split()[:1]
    return fold(words[0]) if words else None


def _fullish_match(a: str, b: str) -> bool:
    """Two full names are one person only when both give a given name that agrees."""
    ga, _ = split_person_name(a)
    gb, _ = split_person_name(b)
    return bool(ga and gb)


@lru_cache(maxsize=8192)
def _surname_matches(full: str, lone: str) -> bool:
    _, surname = split_person_name(full)
    if not surname:
        return False
    if fold(surname) == fold(lone):
        return True
    fs, fl = fold(surname), fold(lone)
    return fs[:1] == fl[:1] and variant_names(surname, lone)


def _nearest(cands, i: int, options: list[int]) -> int | None:
    if not options:
        return None
    pos = (cands[i].seg, cands[i].start)
    before = [o for o in options if (cands[o].seg, cands[o].start) < pos]
    if before:
        return max(before, key=lambda o: (cands[o].seg, cands[o].start))
    return min(options, key=lambda o: (cands[o].seg, cands[o].start))


FEATURE_PREFERENCE = ("river", "mountains", "pass", "mountain", "valley", "gorge", "lake", "plain")


def _prefer_feature(features: list[tuple[tuple, int]]) -> int:
    def rank(kr):
        g = kr[0][2]
        return FEATURE_PREFERENCE.index(g) if g in FEATURE_PREFERENCE else len(FEATURE_PREFERENCE)

    return min(features, key=rank)[1]


def _aliases(lex: Lexicon, extra_aliases: Iterable[tuple[str, str, str]]) -> tuple[dict, dict, "_CuratedIndex"]:
    """(curated, admin, their _CuratedIndex) for the alias file and the archive's aliases,
    remembered for the last few tuples of archive aliases."""
    key = extra_aliases if isinstance(extra_aliases, tuple) else None  # an iterable is read once
    return lex.remember("resolve.extra", key, lambda: _build_aliases(lex, extra_aliases))


def _build_aliases(lex: Lexicon, extra_aliases: Iterable[tuple[str, str, str]]) -> tuple[dict, dict, "_CuratedIndex"]:
    lexicon_curated, lexicon_index = _lexicon_aliases(lex)
    curated: dict[tuple[str, str], tuple[str, str]] = dict(lexicon_curated)
    admin: dict[tuple[str, str], str] = {}
    for kind, canonical, alias in extra_aliases:
        admin[(kind, fold(alias))] = canonical
        curated.setdefault((kind, fold(alias)), (canonical, "archive"))
    return (curated, admin, lexicon_index if not admin else _CuratedIndex(curated, admin, lex))


def _lexicon_aliases(lex: Lexicon) -> tuple[dict, "_CuratedIndex"]:
    """The alias file as resolve() reads it, and its _CuratedIndex (kept with the lexicon)."""
    cached = lex._memo.get("resolve.aliases")
    if cached is None:
        curated: dict[tuple[str, str], tuple[str, str]] = {}
        for a in lex.aliases:
            curated.setdefault((a.kind, fold(a.alias)), (a.canonical, a.source or "alias file"))
        cached = lex._memo["resolve.aliases"] = (curated, _CuratedIndex(curated, {}, lex))
    return cached


class _CuratedIndex:
    """The alias file and the archive's aliases, indexed for ``_entity``: for a (kind, folded
    canonical name), the (kind, folded alias, source) entries in the order of ``curated``, and
    the original spelling of each alias."""

    def __init__(self, curated: dict, admin: dict, lex: Lexicon) -> None:
        self.by_canonical: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for (k, alias_folded), (canonical, source) in curated.items():
            self.by_canonical.setdefault((k, fold(canonical)), []).append((k, alias_folded, source))
        self.spelling: dict[tuple[str, str], str] = {}
        for a in lex.aliases:  # the first entry of the file wins
            self.spelling.setdefault((a.kind, fold(a.alias)), a.alias)
        self.admin = admin

    def original(self, kind: str, alias_folded: str) -> str | None:
        original = self.spelling.get((kind, alias_folded))
        return original or (alias_folded if (kind, alias_folded) in self.admin else None)


def _entity(text, cands, ms, root, key, kind, canon, lex, curated_index: _CuratedIndex) -> EntityRecord:
    surfaces = []
    aliases: list[AliasRecord] = []
    seen: set[str] = set()
    for m in ms:
        cm = cands[m]
        s = _squash(text[cm.start:cm.end])
        rule = "mention" if cm.alias_of is None or cm.alias_rule is None else cm.alias_rule
        if s not in seen:
            seen.add(s)
            aliases.append(AliasRecord(alias=s, rule=rule, segment_seq=cm.seg))
        elif rule != "mention" and not any(a.alias == s and a.rule == rule for a in aliases):
            aliases.append(AliasRecord(alias=s, rule=rule, segment_seq=cm.seg))
        surfaces.append(s)
    name = canon[root]
    given = surname = title = side = formation = place_type = event_type = None
    number = None
    if kind == "person":
        full = [canon[m] for m in ms if len(canon[m].split()) >= 2 and canon[m].split()[0].casefold() not in PARTICLES]
        if full:
            best = max(len(f.split()) for f in full)
            name = next(f for f in full if len(f.split()) == best)
        else:
            name = canon[ms[0]]
        given, surname = split_person_name(name)
        title = next((cands[m].title for m in ms if cands[m].title), None)
    elif kind == "unit":
        named = [canon[m] for m in ms]
        with_side = [n for n in named if any(w.casefold() in lex.demonyms for w in n.split())]
        pool = with_side or named
        name = max(pool, key=lambda n: (len(n), -named.index(n)))
        side = next((cands[m].side for m in ms if cands[m].side), None)
        formation = next((cands[m].formation for m in ms if cands[m].formation), None)
        number = next((cands[m].number for m in ms if cands[m].number is not None), None)
    elif kind == "event":
        name = canon[root]
        if cands[root].curated:
            name = cands[root].curated
        types = [cands[m].event_type for m in ms if cands[m].event_type]
        event_type = types[0] if types else "other"
    else:
        name, place_type = _place_name(text, cands, ms, root, canon, lex)
    # aliases from the alias file and the archive
    for k, alias_folded, source in curated_index.by_canonical.get((kind, fold(name)), ()):
        original = curated_index.original(k, alias_folded)
        if original and original not in seen:
            seen.add(original)
            aliases.append(AliasRecord(alias=original, rule="curated" if source != "archive" else "admin"))
    return EntityRecord(
        key=key,
        kind=kind,
        name=name,
        aliases=tuple(aliases),
        given_name=given,
        surname=surname,
        title=title,
        side=side,
        formation=formation,
        number=number,
        place_type=place_type,
        event_type=event_type,
    )


TYPE_STRENGTH = ("place.type_suffix", "place.type_prefix", "place.polity")


def _place_name(text, cands, ms, root, canon, lex) -> tuple[str, str]:
    rc = cands[root]
    curated = next((cands[m].curated for m in ms if cands[m].curated), None)
    features = [m for m in ms if cands[m].place_kind == "feature"]
    types = [cands[m].place_type for m in ms if cands[m].place_type and cands[m].rule != "place.gazetteer"]
    gaz = rc.gazetteer or lex.gazetteer.get(fold(rc.core or text[rc.start:rc.end]))
    if gaz is None and rc.alias_of is None:
        gaz = next((cands[m].gazetteer for m in ms if cands[m].gazetteer is not None and cands[m].alias_of is None), None)
    if rc.place_kind == "feature" or (features and rc.place_kind is None and rc.alias_of is None and not gaz):
        f = rc if rc.place_kind == "feature" else cands[features[0]]
        core = _most_common_first([_squash(cands[m].core or "") for m in ms if cands[m].place_kind == "feature"])
        name = f"{f.generic} {core}" if f.prefix_generic else f"{core} {f.generic}" if f.generic else core
        ptype = f.place_type or "place"
        return name, ptype
    if curated:
        name = curated
    elif gaz is not None and (rc.alias_of is None):
        name = gaz.name
    else:
        names = [_squash(cands[m].core or text[cands[m].start:cands[m].end]) for m in ms
                 if cands[m].alias_of is None or m == root]
        if rc.place_kind in ("admin", "polity") or rc.core:
            first = _squash(rc.core or text[rc.start:rc.end])
            names = names or [first]
        name = _most_common_first(names) if names else canon[root]
        g2 = lex.gazetteer.get(fold(name))
        if g2 is not None:
            name = g2.name
    if types:
        ptype = _most_common_first(types)  # == Counter(types).most_common(1)[0][0]
    elif gaz is not None:
        ptype = gaz.place_type
    else:
        ptype = "place"
    return name, ptype


def _most_common_first(order: list[str]) -> str:
    """The most frequent item, the first of them in ``order`` on a tie."""
    counts: dict[str, int] = {}
    for n in order:
        counts[n] = counts.get(n, 0) + 1
    best = max(counts.values())
    return next(n for n in order if counts[n] == best)


@lru_cache(maxsize=8192)
def _squash(s: str) -> str:
    """" ".join(s.split())"""
    return " ".join(s.split())
