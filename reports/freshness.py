"""ETag and Last-Modified of the map's layers, so that refreshing the map costs a 304.

A data layer is guarded by one query that must stay cheaper than the layer, however long the
history grows:
- counts and Max(updated_at) only over the rows the layer itself reads (the sectors, the
  visits of the date range);
- for the aspirations, which can be a million rows whatever the filters, the newest history row
  of aspirations and visits (django-simple-history writes one for every save and delete);
- of the history behind the sectors layer (every visit, aspiration and follow-up ever
  recorded) only the newest row by primary key, which is an index lookup.

The price: an admin's correction to an older visit or aspiration, or a renamed desa, reaches a
browser that already holds the layer with the next new visit, aspiration or follow-up, or at
midnight WITA. The layers depend on the date (days since the last visit, overdue), so the ETag
includes it and Last-Modified is never earlier than today's midnight.

The kecamatan and desa layers have no timestamps to ask; they hold one row per desa, so their
ETag is a hash of the body: the 304 saves the transfer, not the query.
"""

from django.db.models import Count, Max, Subquery

from patrols.models import Aspiration, AspirationUpdate, Visit
from sectors.models import Sector
from sectors.selectors import sectors_for

from .geojson import visits_between


def newest(model, field):
    """`field` of the model's newest row by primary key: an index lookup, whatever the history."""
    return Subquery(model.objects.order_by("-pk").values(field)[:1])


def latest_sector_change():
    """Bounded by the number of places, not by the history."""
    return Subquery(Sector.objects.order_by("-updated_at").values("updated_at")[:1])


# aggregate() takes only aggregates; Max() of a subquery that does not depend on the row is
# simply the subquery's value, computed once.


def sectors(viewer):
    return sectors_for(viewer).aggregate(
        sectors=Count("pk"),
        changed=Max("updated_at"),
        visit=Max(newest(Visit, "updated_at")),
        aspiration=Max(newest(Aspiration, "updated_at")),
        follow_up=Max(newest(AspirationUpdate, "created_at")),
    )


def aspirations(viewer, **filters):
    """Not counted over the matching aspirations (a million rows read, 130–240 ms): every save or
    delete of an aspiration or a visit, in the app or the admin, writes a history row, and the
    newest of those is an index lookup. The filters are part of the ETag already."""
    historical_aspiration, historical_visit = Aspiration.history.model, Visit.history.model
    return sectors_for(viewer).aggregate(
        sector_changed=Max("updated_at"),
        aspiration=Max(newest(historical_aspiration, "history_id")),
        aspiration_changed=Max(newest(historical_aspiration, "history_date")),
        visit=Max(newest(historical_visit, "history_id")),
        visit_changed=Max(newest(historical_visit, "history_date")),
    )


def visits(viewer, *, since, until):
    return visits_between(viewer, since, until).aggregate(
        visits=Count("pk"), changed=Max("updated_at"), sector_changed=Max(latest_sector_change())
    )
