import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Prefetch, Value, When, prefetch_related_objects
from django.forms import all_valid
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import role_required, wants_json
from accounts.models import Role
from early_warnings.access import visible_warnings
from sectors.access import get_sector_for_user

from .. import services
from ..access import (
    can_add_visit,
    can_edit_visit,
    get_patrol_for_user,
    get_visit_for_user,
    get_visit_photo_for_user,
    sees_resident_name,
)
from ..forms import (
    MAX_ASPIRATIONS,
    MAX_PHOTOS,
    EditVisitForm,
    NewVisitForm,
    OpenAspirationResponseForm,
    aspiration_formset,
)
from ..models import Aspiration, AspirationUpdate, Visit
from ..photos import MAX_PIXELS, MAX_SIDE, MAX_UPLOAD_BYTES
from .patrols import ANY_ROLE

OPEN_ASPIRATIONS_SHOWN = 10


@role_required(Role.PETUGAS)
def visit_new(request, pk):
    """File a visit report; the same form sent twice gives the visit saved the first time.

    The phone's outbox asks for JSON and gets an answer it can act on (created, duplicate, invalid),
    never a page or a redirect.
    """
    patrol = get_patrol_for_user(request.user, pk)
    as_json = request.method == "POST" and wants_json(request)
    # A replay finds its visit even when the patrol no longer takes new ones.
    filed = _already_filed(request) if request.method == "POST" else None
    if filed:
        if as_json:
            return _visit_json(filed, created=False)
        messages.info(request, _("Laporan ini sudah tersimpan sebelumnya; tidak disimpan dua kali."))
        return redirect(filed)
    if not can_add_visit(request.user, patrol):
        if as_json:
            raise PermissionDenied(_visit_refusal(request.user, patrol))
        context = {"patrol": patrol, "is_member": patrol.includes(request.user), "late_days": settings.LATE_REPORT_DAYS}
        return render(request, "patrols/visit_refused.html", context, status=403)
    blank = Visit(patrol=patrol)
    if request.method != "POST":
        form = NewVisitForm(patrol=patrol, initial={"visited_at": _suggested_time(patrol), "client_uuid": uuid.uuid4()})
        # The map's popup links here with the sector chosen: ?sector=<id>.
        sector = _linked_sector(form, request.GET.get("sector", ""))
        if sector:
            form.initial["sector"] = sector.pk
        responses = OpenAspirationResponseForm(aspirations=_open_aspirations(sector, request.user))
        return _render_form(request, patrol, form, aspiration_formset(blank), responses=responses)

    form = NewVisitForm(request.POST, request.FILES, patrol=patrol)
    formset = aspiration_formset(blank, request.POST)
    responses = OpenAspirationResponseForm(
        request.POST, aspirations=_open_aspirations(form.chosen_sector(), request.user)
    )
    if all_valid([form, formset, responses]):
        visit, created = services.file_visit(
            officer=request.user,
            patrol=patrol,
            data=form.cleaned_data,
            aspirations=formset.save(commit=False),
            photos=form.cleaned_data["photos"],
            responses=responses.responses(),
            client_uuid=form.cleaned_data["client_uuid"],
        )
        if as_json:
            return _visit_json(visit, created)
        if created:
            messages.success(request, _("Laporan kunjungan tersimpan."))
        else:
            messages.info(request, _("Laporan ini sudah tersimpan sebelumnya; tidak disimpan dua kali."))
        return redirect(visit)
    if as_json:
        return _invalid_json(form, formset, responses)
    return _render_form(request, patrol, form, formset, responses=responses)


def _suggested_time(patrol):
    """Now, or for a report written after the patrol, its end: a visit's time falls within its patrol."""
    moment = min(timezone.now(), patrol.ended_at) if patrol.ended_at else timezone.now()
    return timezone.localtime(moment).replace(second=0, microsecond=0)


def _visit_json(visit, created):
    status = "created" if created else "duplicate"
    body = {"status": status, "visit_id": visit.pk, "url": visit.get_absolute_url()}
    return JsonResponse(body, status=201 if created else 200)


def _invalid_json(form, formset, responses):
    """The form's messages field by field, as the page would show them; one dict per aspiration form."""
    errors = {name: list(texts) for name, texts in form.errors.items()}
    errors.update((responses[name].html_name, list(texts)) for name, texts in responses.errors.items())
    if formset.non_form_errors():
        errors.setdefault("__all__", []).extend(formset.non_form_errors())
    aspirations = [{name: list(texts) for name, texts in row.errors.items()} for row in formset.forms]
    return JsonResponse({"status": "invalid", "errors": errors, "aspirations": aspirations}, status=422)


def _visit_refusal(user, patrol):
    if not patrol.includes(user):
        return _("Hanya pemimpin dan anggota patroli ini yang dapat menambahkan kunjungan.")
    return _(
        "Patroli ini sudah selesai lebih dari %(days)d hari yang lalu; laporannya tidak dapat dikirim lagi."
    ) % {"days": settings.LATE_REPORT_DAYS}


def _render_form(request, patrol, form, formset, **extra):
    context = {
        "patrol": patrol,
        "form": form,
        "formset": formset,
        "max_photos": MAX_PHOTOS,
        "max_aspirations": MAX_ASPIRATIONS,
        "photo_limits": {"bytes": MAX_UPLOAD_BYTES, "pixels": MAX_PIXELS, "side": MAX_SIDE},
        **extra,
    }
    return render(request, "patrols/visit_form.html", context)


def _linked_sector(form, value):
    """The active sector a link names, or None for a missing or unknown one."""
    if not re.fullmatch(r"[0-9]{1,18}", value):
        return None
    return form.fields["sector"].by_pk.get(int(value))


def _already_filed(request):
    try:
        client_uuid = uuid.UUID(request.POST.get("client_uuid", ""))
    except ValueError:
        return None
    return Visit.objects.filter(officer=request.user, client_uuid=client_uuid).first()


def _open_aspirations(sector, officer):
    """What is still open at the sector, the officer's own tasks first."""
    if sector is None:
        return []
    return list(
        Aspiration.objects.open()
        .filter(visit__sector=sector)
        .select_related("category")
        .annotate(
            is_own_task=Case(When(assignee=officer, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by("-is_own_task", "-created_at")[:OPEN_ASPIRATIONS_SHOWN]
    )


@require_GET
@role_required(Role.PETUGAS)
def sector_open_aspirations(request, pk):
    """"Masih terbuka di sini": an HTML fragment for the visit form, residents masked."""
    sector = get_sector_for_user(request.user, pk)
    responses = OpenAspirationResponseForm(aspirations=_open_aspirations(sector, request.user))
    return render(request, "patrols/_open_aspirations.html", {"sector": sector, "responses": responses})


@role_required(*ANY_ROLE)
def visit_detail(request, pk):
    visit = get_visit_for_user(request.user, pk)
    prefetch_related_objects(
        [visit],
        "appeals",
        "photos",
        Prefetch("aspirations", queryset=Aspiration.objects.select_related("category").order_by("pk")),
        Prefetch("responses", queryset=AspirationUpdate.objects.select_related("aspiration__category").order_by("pk")),
    )
    context = {
        "visit": visit,
        "can_add_next": can_add_visit(request.user, visit.patrol),
        "can_edit": can_edit_visit(request.user, visit),
        "sees_name": sees_resident_name(request.user, visit),
        # How the warning it raised is being handled, for whoever may follow it.
        "warning": visible_warnings(request.user).filter(visit=visit).first() if visit.early_warning else None,
    }
    return render(request, "patrols/visit_detail.html", context)


@role_required(Role.PETUGAS)
def visit_edit(request, pk):
    """The officer who filed a visit may correct it for 24 hours."""
    visit = get_visit_for_user(request.user, pk)
    if not can_edit_visit(request.user, visit):
        return render(request, "patrols/visit_locked.html", {"visit": visit}, status=403)
    prefetch_related_objects([visit], "photos")
    if request.method != "POST":
        form = EditVisitForm(instance=visit, patrol=visit.patrol)
        return _render_edit_form(request, visit, form, aspiration_formset(visit))

    form = EditVisitForm(request.POST, request.FILES, instance=visit, patrol=visit.patrol)
    formset = aspiration_formset(visit, request.POST)
    if not all_valid([form, formset]):
        return _render_edit_form(request, visit, form, formset)
    try:
        services.update_visit(
            visit=visit,
            version=form.cleaned_data["version"],
            data=form.cleaned_data,
            aspirations=formset.save(commit=False),
            removed_aspirations=formset.deleted_objects,
            photos=form.cleaned_data["photos"],
            removed_photos=form.cleaned_data["remove_photos"],
        )
    except services.StaleVisit:
        messages.warning(
            request,
            _("Kunjungan ini sudah diubah sejak formulir dibuka. Periksa isinya di bawah, lalu ubah lagi bila perlu."),
        )
        return redirect(visit)
    messages.success(request, _("Perubahan kunjungan tersimpan."))
    return redirect(visit)


def _render_edit_form(request, visit, form, formset):
    handled = visit.aspirations.exclude(status=Aspiration.Status.BARU).select_related("category").order_by("pk")
    return _render_form(request, visit.patrol, form, formset, visit=visit, handled=handled)


@role_required(*ANY_ROLE)
def visit_photo(request, pk, photo_pk):
    """A visit's photo, as re-encoded on upload, for whoever may see the visit."""
    photo = get_visit_photo_for_user(request.user, pk, photo_pk)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")
