"""Press-release drafts in the genre of a Polri Humas news item (DESIGN.md).

A draft states counts only: no resident's name, phone number or own words
ever reaches it. It is always written in Indonesian, whatever the language of
the interface, because it is published on the Polres' Indonesian news site.
The unit it is about (unit_of), its Polres and Polda, and the Kasi Humas
quoted come from the units' data (accounts.Unit).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min, Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from patrols.models import AppealTopic, Aspiration
from sectors.models import Sector

LANGUAGE = "id"
TOP_APPEALS = 5
TOP_CATEGORIES = 4


def _local(value):
    return timezone.localtime(value) if isinstance(value, datetime) else value


def day_and_date(value):
    """A day as press releases write it: Selasa (21/10/25)."""
    value = _local(value)
    with translation.override(LANGUAGE):
        return f"{date_format(value, 'l')} ({value:%d/%m/%y})"


def long_date(value):
    with translation.override(LANGUAGE):
        return date_format(_local(value), "l, j F Y")


def clock(value):
    """A time as press releases write it, with a dot: 14.35 WITA."""
    return f"{_local(value):%H.%M} WITA"


def join(items):
    """A list as Indonesian writes it, "a, b, dan c"; semicolons when an item has a comma of its own."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    if len(items) == 2:
        return _("%(first)s dan %(last)s") % {"first": items[0], "last": items[1]}
    if any("," in item for item in items):
        return _("%(items)s; dan %(last)s") % {"items": "; ".join(items[:-1]), "last": items[-1]}
    return _("%(items)s, dan %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def in_sentence(name):
    """A name inside a sentence: "Keamanan lingkungan" → "keamanan lingkungan", "PETI" stays."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def initials(user):
    words = user.get_full_name().split() or user.username.replace(".", " ").split()
    return "".join(word[0].upper() for word in words if word[0].isalpha())


@dataclass
class Facts:
    """What a release reports, gathered with a handful of aggregate queries."""

    first: datetime
    last: datetime
    patrols: int
    visits: int
    people_met: int
    leaders: list
    members: int
    sector_kinds: list
    villages: list
    districts: list
    units: list
    appeals: list
    aspiration_kinds: list
    categories: list

    @property
    def single_day(self):
        return _local(self.first).date() == _local(self.last).date()

    @property
    def aspirations(self):
        return sum(n for _, n in self.aspiration_kinds)


def _counts(queryset, field):
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


def gather(visits, *, patrol=None):
    """Facts about `visits` (a queryset), or None when there is none.

    With `patrol`, the release is about that one outing: its start time,
    its leader and its members.
    """
    totals = visits.aggregate(
        n=Count("pk"),
        people=Sum("people_met"),
        first=Min("visited_at"),
        last=Max("visited_at"),
        patrols=Count("patrol", distinct=True),
    )
    if not totals["n"]:
        return None
    if patrol is not None:
        leaders = [patrol.leader.display_name]
        members = patrol.members.exclude(pk=patrol.leader_id).count()
        first = min(patrol.started_at, totals["first"])
    else:
        leaders = [user.display_name for user in User.objects.filter(led_patrols__visits__in=visits).distinct()]
        members = 0
        first = totals["first"]
    places = dict(visits.order_by().values_list("sector__kind").annotate(n=Count("sector", distinct=True)))
    per_village, district_of, units = Counter(), {}, set()
    rows = visits.order_by().values_list("sector__village__name", "sector__village__district__name", "unit")
    for village, district, unit, n in rows.annotate(n=Count("pk")):
        per_village[village] += n
        district_of[village] = district
        units.add(unit)
    villages = sorted(per_village, key=lambda name: (-per_village[name], name))
    appeals = AppealTopic.objects.filter(visits__in=visits).annotate(n=Count("visits"))
    aspirations = Aspiration.objects.filter(visit__in=visits)
    kinds = _counts(aspirations, "kind")
    categories = _counts(aspirations, "category__name")
    return Facts(
        first=first,
        last=totals["last"],
        patrols=totals["patrols"],
        visits=totals["n"],
        people_met=totals["people"] or 0,
        leaders=leaders,
        members=members,
        sector_kinds=[(label, places[kind]) for kind, label in Sector.Kind.choices if kind in places],
        villages=villages,
        districts=list(dict.fromkeys(district_of[name] for name in villages)),
        units=sorted(unit for unit in units if unit is not None),
        appeals=[topic.name for topic in appeals.order_by("-n", "order", "name")[:TOP_APPEALS]],
        aspiration_kinds=[(label, kinds[kind]) for kind, label in Aspiration.Kind.choices if kind in kinds],
        categories=sorted(categories.items(), key=lambda item: (-item[1], item[0])),
    )


def _aims():
    return [
        _("Meningkatkan kepercayaan dan kedekatan masyarakat dengan Polri."),
        _("Menampung aspirasi, keluhan, dan masukan warga secara langsung."),
        _("Memberikan edukasi hukum serta imbauan kamtibmas."),
        _("Mendeteksi sejak dini potensi gangguan kamtibmas dan konflik sosial."),
        _("Menghadirkan polisi di tengah masyarakat sehingga warga merasa aman."),
    ]


def _counted(pairs):
    return join(f"{n} {in_sentence(str(label))}" for label, n in pairs)


def unit_of(facts, viewer):
    """The unit a release is about: the one whose patrols it reports, the lowest unit above them all when
    several units patrolled, and the viewer's (their own, or the default Polsek) when the visits carry none."""
    lineages = [unit.lineage() for unit in Unit.objects.with_parents().filter(pk__in=facts.units)]
    common = None
    for level in zip(*lineages):
        if any(unit.pk != level[0].pk for unit in level):
            break
        common = level[0]
    return common or Unit.objects.for_documents(viewer)


def _polres(unit):
    """The Polres a release is published under: the unit's own, or the unit itself when it stands above one."""
    return unit.above(Unit.Kind.POLRES) or unit


def dateline(unit):
    """Where the news comes from, as releases open: "Sumbawa Barat, NTB –"."""
    polres, polda = unit.above(Unit.Kind.POLRES), unit.above(Unit.Kind.POLDA)
    places = [polres.area] if polres else []
    if polda:
        # "Polda NTB" is known by its short name: NTB.
        places.append(polda.name.removeprefix("Polda").strip() or polda.area)
    return ", ".join(places) + " –"


def _unit_with_parents(unit):
    """"Polsek Sekongkang, jajaran Polres Sumbawa Barat, Polda NTB", as a lead names the unit."""
    parents = [parent.name for parent in reversed(unit.lineage()[:-1])]
    if not parents:
        return unit.name
    return _("%(unit)s, jajaran %(parents)s") % {"unit": unit.name, "parents": ", ".join(parents)}


def _districts(facts):
    return join(_("Kecamatan %(name)s") % {"name": name} for name in facts.districts)


def headline(facts, unit):
    if len(facts.villages) == 1:
        where = _("Desa %(name)s") % {"name": facts.villages[0]}
    else:
        where = _districts(facts)
    if facts.aspirations:
        text = _("%(unit)s Gelar Patroli Dialogis, Serap Aspirasi Warga %(where)s")
    elif facts.appeals:
        text = _("%(unit)s Gelar Patroli Dialogis, Sampaikan Imbauan Kamtibmas kepada Warga %(where)s")
    else:
        text = _("%(unit)s Gelar Patroli Dialogis, Sambangi Warga %(where)s")
    return text % {"unit": unit.name, "where": where}


def _lead(facts, unit):
    names = {"dateline": dateline(unit), "unit": _unit_with_parents(unit)}
    if facts.single_day:
        text = _("%(dateline)s %(unit)s, menggelar patroli dialogis pada %(day)s mulai pukul %(time)s.") % {
            **names,
            "day": day_and_date(facts.first),
            "time": clock(facts.first),
        }
    elif facts.patrols > 1:
        text = _(
            "%(dateline)s %(unit)s, menggelar %(count)d kali patroli dialogis sejak %(first)s hingga %(last)s."
        ) % {
            **names,
            "count": facts.patrols,
            "first": day_and_date(facts.first),
            "last": day_and_date(facts.last),
        }
    else:
        text = _("%(dateline)s %(unit)s, menggelar patroli dialogis sejak %(first)s hingga %(last)s.") % {
            **names,
            "first": day_and_date(facts.first),
            "last": day_and_date(facts.last),
        }
    approach = _("Kegiatan ini mengedepankan pendekatan humanis melalui komunikasi dua arah antara petugas dan warga.")
    return f"{text} {approach}"


def _places(facts):
    text = _("Petugas menyambangi %(places)s di %(villages)s, %(district)s.") % {
        "places": _counted(facts.sector_kinds),
        "villages": join(_("Desa %(name)s") % {"name": name} for name in facts.villages),
        "district": _districts(facts),
    }
    if facts.people_met:
        dialogue = _(
            "Selain memantau situasi kamtibmas, petugas berdialog dengan %(people)d warga serta mendengarkan "
            "aspirasi, keluhan, dan masukan mereka."
        ) % {"people": facts.people_met}
    else:
        dialogue = _(
            "Selain memantau situasi kamtibmas, petugas berdialog dengan warga serta mendengarkan aspirasi, "
            "keluhan, dan masukan mereka."
        )
    return f"{text} {dialogue}"


def _leaders(facts, unit):
    if len(facts.leaders) > 1:
        return _("Patroli dipimpin secara bergantian oleh %(leaders)s.") % {"leaders": join(facts.leaders)}
    if facts.members:
        return _("Patroli dipimpin oleh %(leader)s bersama %(members)d personel %(unit)s.") % {
            "leader": facts.leaders[0],
            "members": facts.members,
            "unit": unit.name,
        }
    return _("Patroli dipimpin oleh %(leader)s.") % {"leader": facts.leaders[0]}


def _appeals(facts):
    if not facts.appeals:
        return ""
    return _(
        "Dalam kesempatan tersebut, petugas juga menyampaikan imbauan kamtibmas, antara lain tentang %(topics)s."
    ) % {"topics": join(in_sentence(name) for name in facts.appeals)}


def _aspirations(facts, unit):
    if not facts.aspirations:
        return _("Selama dialog, warga tidak menyampaikan aspirasi atau keluhan yang perlu ditindaklanjuti.")
    categories = join(f"{in_sentence(name)} ({n})" for name, n in facts.categories[:TOP_CATEGORIES])
    return " ".join(
        [
            _("Dari dialog tersebut, petugas mencatat %(total)d hal yang disampaikan warga, yaitu %(kinds)s.")
            % {"total": facts.aspirations, "kinds": _counted(facts.aspiration_kinds)},
            _("Hal yang disampaikan antara lain berkaitan dengan %(categories)s.") % {"categories": categories},
            _(
                "Seluruhnya dicatat untuk ditindaklanjuti oleh %(unit)s dan, bila perlu, diteruskan kepada "
                "instansi terkait."
            )
            % {"unit": unit.name},
        ]
    )


def _quote(writer, unit):
    # The Polres' Kasi Humas as its unit records them; failing that the writer, when their position
    # says they are the Kasi Humas.
    polres = _polres(unit)
    if polres.humas_name:
        name = polres.humas_display
    elif "humas" in writer.position.lower():
        name = writer.display_name
    else:
        name = _("[pangkat dan nama Kasi Humas]")
    return _(
        'Kasi Humas %(parent)s, %(name)s, mengatakan, "[Kutipan Kasi Humas: mengapa pendekatan dialogis '
        'penting bagi kamtibmas di %(area)s]."'
    ) % {"parent": polres.name, "name": name, "area": unit.area}


def draft(facts, *, writer, unit, now=None):
    """The whole release as plain text, ready to edit, copy and paste, from `unit` (loaded with_parents())."""
    now = now or timezone.now()
    with translation.override(LANGUAGE):
        aims = "\n".join(f"{n}. {aim}" for n, aim in enumerate(_aims(), start=1))
        paragraphs = [
            headline(facts, unit),
            _("Penulis: %(writer)s · Tribratanews %(polres)s")
            % {"writer": writer.display_name, "polres": _polres(unit).name}
            + f"\n{long_date(now)} · {clock(now)}",
            _lead(facts, unit),
            _places(facts),
            _leaders(facts, unit),
            _appeals(facts),
            _aspirations(facts, unit),
            _quote(writer, unit),
            _("Menurutnya, patroli dialogis memiliki sejumlah tujuan dan manfaat, di antaranya:") + "\n" + aims,
            _("Kehadiran petugas disambut baik oleh warga [sesuaikan dengan tanggapan warga di lapangan]."),
            _(
                "Melalui kegiatan ini, %(unit)s berharap situasi kamtibmas di wilayah %(district)s tetap aman, "
                "tertib, dan kondusif."
            )
            % {"unit": unit.name, "district": _districts(facts)},
            f"({initials(writer)})",
        ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
