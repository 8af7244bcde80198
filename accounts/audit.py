"""The audit log: logins, lockouts, refused access and exports of personal data.

Lines go to the "accounts.audit" logger. Values a visitor typed (a username,
a path) are written with repr() so that a newline cannot forge a log line.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .security import client_ip

log = logging.getLogger("accounts.audit")


def who(user):
    if user is None:
        return "command"
    if not user.is_authenticated:
        return "anonymous"
    return f"{user.username!r} (id {user.pk})"


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    log.info("login user=%s ip=%s", who(user), client_ip(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    log.info("logout user=%s ip=%s", who(user), client_ip(request))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    ip = client_ip(request) if request is not None else "-"
    log.warning("login failed username=%r ip=%s", credentials.get("username", ""), ip)


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    log.warning("login locked out username=%r ip=%s", username, ip_address)


def refused(request, status):
    log.warning("access refused status=%s user=%s ip=%s path=%r", status, who(request.user), client_ip(request),
                request.get_full_path())


def personal_data_exported(user, what, count):
    log.info("personal data exported user=%s what=%s rows=%s", who(user), what, count)


def personal_data_erased(user, what, count):
    log.info("personal data erased user=%s what=%s rows=%s", who(user), what, count)
