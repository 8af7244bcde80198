"""Telling a resident what became of their aspiration: a WhatsApp link the reviewer opens on their own phone.

Nothing is sent by the server. The message carries the code, the status and the public note only, never the
aspiration's own words: the phone it goes to may be shared.
"""

from urllib.parse import quote

import phonenumbers
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def whatsapp_number(phone):
    """The number as wa.me wants it (country code, digits only: 6281234567890), or "" when it is not a valid one."""
    try:
        number = phonenumbers.parse(phone, "ID")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).removeprefix("+")


def why_not_whatsapp(aspiration):
    """Why the resident cannot be messaged, or "" when they can."""
    if aspiration.is_anonymous or not aspiration.resident_phone:
        return _("Warga tidak meninggalkan nomor HP, jadi tidak dapat dikabari lewat WhatsApp.")
    if not aspiration.contact_consent:
        return _("Warga tidak memberi persetujuan untuk dihubungi (UU 27/2022): jangan kirimi pesan.")
    if not whatsapp_number(aspiration.resident_phone):
        return _("Nomor HP warga tidak dikenali sebagai nomor yang valid.")
    return ""


def whatsapp_message(aspiration, status_url):
    # In the project's language, as the resident was spoken to.
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Yth. Bapak/Ibu, kami dari %(unit)s mengabarkan aspirasi yang Bapak/Ibu sampaikan saat patroli dialogis.")
            % {"unit": aspiration.unit.name if aspiration.unit_id else _("Polsek")},
            _("Kode aspirasi: %(code)s") % {"code": aspiration.display_code},
            _("Status: %(status)s") % {"status": aspiration.get_status_display()},
        ]
        if aspiration.public_note:
            lines.append(_("Keterangan: %(note)s") % {"note": aspiration.public_note})
        lines.append(_("Cek perkembangannya kapan saja di %(url)s") % {"url": status_url})
        lines.append(_("Terima kasih."))
    return "\n".join(lines)


def whatsapp_link(aspiration, request):
    status_url = request.build_absolute_uri(reverse("public_status", args=[aspiration.code]))
    text = whatsapp_message(aspiration, status_url)
    return f"https://wa.me/{whatsapp_number(aspiration.resident_phone)}?text={quote(text)}"

