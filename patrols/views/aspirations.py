from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from accounts.scope import scope_key

from .. import cache
from ..access import can_contact_resident, get_aspiration_for_user
from ..contact import whatsapp_link, why_not_whatsapp
from ..filters import STATUS_TABS, AspirationFilter, review_queryset, tab_counts
from ..forms import AspirationChangeForm, BulkAssignForm
from ..models import ContactChannel
from ..services import StaleAspiration, assign_aspirations, change_aspiration
from .exports import xlsx_max_rows

PAGE_SIZE = 25


@permission_required("patrols.review_aspiration")
def aspiration_list(request):
    """The review list: status tabs with counts, filters, sorting, pages and bulk assignment.

    What it shows depends on the query string, the viewer's units and the data only, so it is
    rendered once for each change of the data (see patrols.cache) and without the request: the
    same HTML serves every reader of the same units. That spares counting a million aspirations
    for the tabs and rendering hundreds of filter choices and 25 rows on every visit of the page.
    What belongs to the reader (the bulk form's CSRF token) is in the page around it (cache.page).
    """
    version = cache.data_version()
    scope = scope_key(request.user)

    def content():
        filterset = AspirationFilter(request.GET, queryset=review_queryset(request.user), viewer=request.user)
        rows = filterset.qs
        # Paging through a tab reuses its counts.
        counts = cache.figures(
            "status_counts",
            {**filterset.params_before_status(), "scope": scope},
            lambda: tab_counts(request.user, filterset),
            version=version,
        )
        # The tab counts already hold the number of rows of the tab shown: no second count.
        total = counts[filterset.form.cleaned_data.get("status") or ""]
        tabs = [("", _("Semua"), counts[""])] + [(value, label, counts[value]) for value, label in STATUS_TABS]
        context = {
            "filter": filterset,
            "query": request.GET,
            "page": filterset.ordering.page(rows, request.GET.get("cursor"), PAGE_SIZE, total=total),
            "tabs": tabs,
            "current_status": request.GET.get("status", ""),
            "ordering": request.GET.get("o", ""),
            "bulk_form": BulkAssignForm(initial={"next": request.get_full_path()}, viewer=request.user),
            "xlsx_max_rows": xlsx_max_rows(),
        }
        return render_to_string("patrols/_aspiration_list.html", context)

    query = sorted(request.GET.lists())
    params = {"query": query, "language": get_language(), "scope": scope}
    return cache.page(request, "patrols/aspiration_list.html", "review_list", params, content, version=version)


def _place(visit):
    """The sector and, when captured, where the officer's GPS put the visit, for static/js/aspiration-map.js."""
    sector, place = visit.sector, {"sector": None, "gps": None}
    if sector.has_position:
        place["sector"] = {
            "lat": float(sector.latitude),
            "lon": float(sector.longitude),
            "name": sector.name,
            "kind": sector.kind,
        }
    if visit.latitude is not None:
        place["gps"] = {
            "lat": float(visit.latitude),
            "lon": float(visit.longitude),
            "label": _("Posisi GPS petugas"),
            "far": visit.is_far_from_sector,
        }
    return place if place["sector"] or place["gps"] else None


@permission_required("patrols.review_aspiration")
def aspiration_detail(request, pk):
    """Everything about one aspiration, its timeline, and the form that moves it along."""
    aspiration = get_aspiration_for_user(request.user, pk)
    form = AspirationChangeForm(aspiration=aspiration, viewer=request.user)
    status = 200
    if request.method == "POST":
        form = AspirationChangeForm(request.POST, aspiration=aspiration, viewer=request.user)
        if form.is_valid():
            try:
                change_aspiration(
                    aspiration_id=aspiration.pk,
                    author=request.user,
                    expected_version=form.cleaned_data["version"],
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    agency=form.cleaned_data["agency"],
                    forwarded_to=form.cleaned_data["forwarded_to"],
                    refusal_reason=form.cleaned_data["refusal_reason"],
                    assignee=form.cleaned_data["assignee"],
                    feedback_delivered=form.cleaned_data["feedback_delivered"],
                    public_note=form.cleaned_data["public_note"],
                )
            except StaleAspiration as stale:
                messages.warning(request, stale.message)
                # Show the current state, keeping what the reviewer typed.
                aspiration = get_aspiration_for_user(request.user, pk)
                initial = {**form.cleaned_data, "version": aspiration.version, "status": ""}
                form = AspirationChangeForm(aspiration=aspiration, viewer=request.user, initial=initial)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Tindak lanjut tersimpan."))
                return redirect(aspiration)
        if form.errors:
            messages.error(request, _("Perubahan belum disimpan. Periksa isian formulir."))
    context = {
        "aspiration": aspiration,
        "visit": aspiration.visit,
        "place": _place(aspiration.visit),
        "updates": aspiration.updates.select_related("author"),
        "photos": aspiration.visit.photos.all(),
        "appeals": aspiration.visit.appeals.all(),
        "form": form,
        **_contact(request, aspiration),
    }
    return render(request, "patrols/aspiration_detail.html", context, status=status)


def _contact(request, aspiration):
    """"Kabari warga via WhatsApp", for a reviewer allowed to contact residents."""
    if not can_contact_resident(request.user):
        return {}
    reason = why_not_whatsapp(aspiration)
    return {"can_contact": True, "whatsapp_refused": reason, "whatsapp_link": "" if reason else whatsapp_link(aspiration, request)}


@require_POST
@permission_required("patrols.review_aspiration")
def aspiration_contacted(request, pk):
    """"Sudah dikirim": the reviewer sent the WhatsApp message from their phone; the timeline records it."""
    aspiration = get_aspiration_for_user(request.user, pk)
    if not can_contact_resident(request.user) or why_not_whatsapp(aspiration):
        raise PermissionDenied
    change_aspiration(
        aspiration_id=aspiration.pk,
        author=request.user,
        expected_version=None,
        note=_("Kabar perkembangan dikirim ke warga lewat WhatsApp."),
        feedback_delivered=True,
        feedback_channel=ContactChannel.WHATSAPP,
    )
    messages.success(request, _("Tercatat: warga sudah dikabari lewat WhatsApp."))
    return redirect(aspiration)


@require_POST
@permission_required("patrols.review_aspiration")
def bulk_assign(request):
    """Assign the ticked aspirations of the list to one person."""
    form = BulkAssignForm(request.POST, viewer=request.user)
    back = request.POST.get("next", "")
    # A path on this site, as the list wrote it; redirect() would also take a
    # word like "NaN" for a view name, and fail to find one.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("aspiration_list")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return HttpResponseRedirect(back)
    assigned, stale = assign_aspirations(
        versions=form.cleaned_data["aspirations"], assignee=form.cleaned_data["assignee"], author=request.user
    )
    messages.success(
        request,
        ngettext(
            "%(count)d aspirasi ditugaskan kepada %(name)s.",
            "%(count)d aspirasi ditugaskan kepada %(name)s.",
            assigned,
        )
        % {"count": assigned, "name": form.cleaned_data["assignee"].display_name},
    )
    if stale:
        messages.warning(
            request,
            ngettext(
                "%(count)d aspirasi dilewati karena sudah diubah orang lain setelah daftar dibuka.",
                "%(count)d aspirasi dilewati karena sudah diubah orang lain setelah daftar dibuka.",
                stale,
            )
            % {"count": stale},
        )
    return HttpResponseRedirect(back)
