"""The map's layers as GeoJSON FeatureCollections, each read with one query or a few small ones.

Positions are [longitude, latitude] with 6 decimals (about 10 cm), and features carry only
what the map's popups show. Names are plain JSON strings: the browser puts them in the page
as text, never as HTML.
"""

import json
from datetime import datetime, time, timedelta

from django.db.models import Aggregate, Avg, CharField, Count, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from figures.selectors import per_sector
from patrols.models import FAR_FROM_SECTOR_M, Aspiration
from patrols.selectors import aspirations_for, visits_for
from sectors.models import Sector
from sectors.selectors import districts_for, sectors_for, villages_for

DECIMALS = 6
# The kecamatan's extent, when no outline is imported, reaches this far (about 1 km) past the
# outermost desa label or sector, so that no marker sits on its edge.
EXTENT_MARGIN = 0.01
# A popup lists this many aspirations of a place, newest first; the count says how many there are.
LINKS_PER_PLACE = 10


class IdList(Aggregate):
    """The primary keys of a group as "3,17,42", so a list per group costs no query of its own."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s(CAST(%(expressions)s AS text), ',')"
        )


def ids(value):
    """An IdList value as integers, newest (highest) first."""
    return sorted((int(part) for part in value.split(",")), reverse=True) if value else []


def dumps(collection):
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False)


def point(longitude, latitude):
    return {"type": "Point", "coordinates": [round(float(longitude), DECIMALS), round(float(latitude), DECIMALS)]}


def feature(geometry, properties, id=None):
    data = {"type": "Feature", "geometry": geometry, "properties": properties}
    if id is not None:
        data["id"] = id
    return data


def collection(features):
    return {"type": "FeatureCollection", "features": features}


def day_start(day):
    """Midnight WITA of `day`: date filters compare datetimes, which keeps them on the indexes."""
    return timezone.make_aware(datetime.combine(day, time.min))


def districts(viewer):
    """The viewer's kecamatan outlines, or, before one is imported, the rectangle its desa and sectors span, each
    named with the Polsek that covers it: a Polres reader sees which area is whose."""
    rows = (
        districts_for(viewer)
        .values("pk", "name", "boundary", unit_name=F("unit__name"))
        .annotate(
            # The join repeats each desa once per sector; Min and Max do not mind.
            label_south=Min("villages__label_latitude"),
            label_north=Max("villages__label_latitude"),
            label_west=Min("villages__label_longitude"),
            label_east=Max("villages__label_longitude"),
            sector_south=Min("villages__sectors__latitude"),
            sector_north=Max("villages__sectors__latitude"),
            sector_west=Min("villages__sectors__longitude"),
            sector_east=Max("villages__sectors__longitude"),
        )
        .order_by("code")
    )
    features = []
    for row in rows:
        properties = {"name": row["name"], "unit": row["unit_name"] or ""}
        if row["boundary"]:
            features.append(feature(row["boundary"], properties))
        elif (box := bounding_box(row)) is not None:
            features.append(feature(box, {**properties, "approximate": True}))
    return collection(features)


def outermost(pick, *values):
    values = [float(value) for value in values if value is not None]
    return pick(values) if values else None


def bounding_box(row):
    """A polygon around the desa labels and sectors of a district row, or None when nothing is placed."""
    south = outermost(min, row["label_south"], row["sector_south"])
    if south is None:
        return None
    north = outermost(max, row["label_north"], row["sector_north"])
    west = outermost(min, row["label_west"], row["sector_west"])
    east = outermost(max, row["label_east"], row["sector_east"])
    south, north, west, east = south - EXTENT_MARGIN, north + EXTENT_MARGIN, west - EXTENT_MARGIN, east + EXTENT_MARGIN
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring]]}


def villages(viewer):
    """Each of the viewer's desa: its boundary with its label point, or only the label point before boundaries are imported."""
    features = []
    for row in villages_for(viewer).values("name", "boundary", "label_latitude", "label_longitude"):
        label = point(row["label_longitude"], row["label_latitude"]) if row["label_latitude"] is not None else None
        if row["boundary"]:
            properties = {"name": row["name"]}
            if label:
                properties["label"] = label["coordinates"]
            features.append(feature(row["boundary"], properties))
        elif label:
            features.append(feature(label, {"name": row["name"]}))
    return collection(features)


def sectors(viewer, *, reviewer):
    """The viewer's active sectors with a position: kind, desa, days since the last visit and open aspirations."""
    # Ordered by time and cut to one row: one step down the (sector, -visited_at) index.
    last_visit = visits_for(viewer).filter(sector=OuterRef("pk")).order_by("-visited_at").values("visited_at")[:1]
    rows = (
        sectors_for(viewer)
        .active()
        .filter(latitude__isnull=False)
        .values("pk", "name", "kind", "latitude", "longitude", village_name=F("village__name"))
        .annotate(last_visit=Subquery(last_visit))
        .order_by("name", "pk")
    )
    # The open aspirations (a partial index of about 1% of them) grouped once, rather than looked
    # for sector by sector: 1.7 s at 400 sectors and a million aspirations.
    open_by_sector = dict(
        aspirations_for(viewer)
        .open()
        .order_by()
        .values_list("visit__sector")
        .annotate(ids=IdList("pk"))
        .values_list("visit__sector", "ids")
    )
    today = timezone.localdate()
    features = []
    for row in rows:
        open_ids = ids(open_by_sector.get(row["pk"]))
        properties = {
            "name": row["name"],
            "kind": row["kind"],
            "village": row["village_name"],
            "days": days_since(row["last_visit"], today),
            "open": len(open_ids),
        }
        if reviewer:
            properties["aspirations"] = open_ids[:LINKS_PER_PLACE]
        features.append(feature(point(row["longitude"], row["latitude"]), properties, id=row["pk"]))
    return collection(features)


def days_since(moment, today):
    # A phone whose clock runs ahead can file a visit "tomorrow": that is still today.
    return max(0, (today - timezone.localdate(moment)).days) if moment else None


def aspirations_matching(viewer, *, category=None, status="", since=None, until=None):
    queryset = aspirations_for(viewer).order_by()
    if category:
        queryset = queryset.filter(category_id=category)
    if status:
        queryset = queryset.filter(status=status)
    if since:
        queryset = queryset.filter(created_at__gte=day_start(since))
    if until:
        queryset = queryset.filter(created_at__lt=day_start(until + timedelta(days=1)))
    return queryset


def aspirations(viewer, *, reviewer, **filters):
    """Aspirations matching the filters, counted per sector: in all, open, urgent and overdue; for a
    reviewer, the review list showing them.

    Without dates the counts are the tallies' (figures), a few thousand rows rather than a million;
    a date range reads the aspirations it spans. Overdue ones are open, which the partial index
    of open aspirations finds either way.
    """
    if filters.get("since") or filters.get("until"):
        counts = counted_per_sector(viewer, **filters)
    else:
        counts = per_sector(viewer, category=filters.get("category"), status=filters.get("status"))
    overdue = dict(
        aspirations_matching(viewer, **filters)
        .open()
        .filter(due_date__lt=timezone.localdate())
        .values_list("visit__sector")
        .annotate(n=Count("pk"))
    )
    # The sectors the viewer's own counts name, those on the map.
    places = (
        Sector.objects.filter(pk__in=counts, latitude__isnull=False)
        .values_list("pk", "name", "latitude", "longitude")
        .order_by("name", "pk")
    )
    features = []
    for sector, name, latitude, longitude in places:
        properties = {"name": name, **counts[sector], "overdue": overdue.get(sector, 0)}
        if reviewer:
            properties["list"] = review_list_link(sector, **filters)
        features.append(feature(point(longitude, latitude), properties, id=sector))
    return collection(features)


def counted_per_sector(viewer, **filters):
    """Like figures.selectors.per_sector, counted over the aspirations matching the filters."""
    is_open = Q(status__in=Aspiration.OPEN_STATUSES)
    rows = (
        aspirations_matching(viewer, **filters)
        .values_list("visit__sector")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=is_open),
            urgent=Count("pk", filter=is_open & Q(urgency=Aspiration.Urgency.MENDESAK)),
        )
    )
    return {sector: {"total": total, "open": open_, "urgent": urgent} for sector, total, open_, urgent in rows}


def review_list_link(sector, *, category=None, status="", since=None, until=None):
    """The review list showing a sector's aspirations that match the layer's filters."""
    query = {"sector": sector, "category": category, "status": status, "created_after": since, "created_before": until}
    return reverse("aspiration_list") + "?" + urlencode({key: value for key, value in query.items() if value})


def visits_between(viewer, since, until):
    return visits_for(viewer).filter(
        visited_at__gte=day_start(since), visited_at__lt=day_start(until + timedelta(days=1)), latitude__isnull=False
    ).order_by()


def visits(viewer, *, since, until):
    """Where the GPS put the officers: one marker per sector and day, at the mean of that day's fixes."""
    rows = (
        visits_between(viewer, since, until)
        .values(sector_pk=F("sector"), day=TruncDate("visited_at"), name=F("sector__name"))
        .annotate(
            mean_latitude=Avg("latitude"),
            mean_longitude=Avg("longitude"),
            ids=IdList("pk"),
            farthest=Max("distance_from_sector_m"),
        )
        .order_by("day", "name", "sector_pk")
    )
    features = []
    for row in rows:
        properties = {
            "name": row["name"],
            "date": row["day"].isoformat(),
            "visits": ids(row["ids"]),
            "far": row["farthest"] is not None and row["farthest"] > FAR_FROM_SECTOR_M,
        }
        features.append(feature(point(row["mean_longitude"], row["mean_latitude"]), properties))
    return collection(features)
