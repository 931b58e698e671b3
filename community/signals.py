"""Audit rows for authentication events; ending a deactivated user's sessions."""

from importlib import import_module

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .access import ACCESS_SCOPE
from .audit import AuditAction, log_action
from .caching import forget
from .ledger_versions import LEDGER_APPS, ledger_changed
from .models import Community, Membership, StreetOffice, User, UserSession
from .security import start_session_clock
from .two_factor import remember_at_login


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session_clock(request)
        remember_at_login(request, user)
        UserSession.objects.get_or_create(user=user, session_key=request.session.session_key or "")
    log_action(AuditAction.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        UserSession.objects.filter(user=user, session_key=request.session.session_key or "").delete()
        log_action(AuditAction.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted user name is kept (an assessor asks for it), the password never is.
    log_action(
        AuditAction.LOGIN_FAILED,
        request=request,
        outcome="failure",
        data={"username": credentials.get("username", "")},
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    log_action(
        AuditAction.LOGIN_LOCKOUT, request=request, outcome="failure", data={"username": username or ""}
    )


@receiver(post_save, sender=User)
def end_sessions_of_deactivated_user(sender, instance, created, **kwargs):
    if created or instance.is_active or not getattr(instance, "_was_active", False):
        return
    end_sessions(instance)


def end_sessions(user) -> int:
    """Delete every server-side session of ``user`` (works with any session engine)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def _scope(membership: Membership) -> str:
    return str(membership.community or membership.street or "全系统")


@receiver(post_save, sender=Membership)
def audit_role_granted(sender, instance, created, **kwargs):
    """Who (the signed-in administrator, his address and request id: ``log_action`` finds the request)
    gave whom which role where."""
    log_action(
        AuditAction.ROLE_GRANT if created else AuditAction.ROLE_CHANGE,
        community=instance.community,
        obj=instance,
        data={
            "target": instance.user.username,
            "user": instance.user.username,
            "role": instance.role,
            "scope": _scope(instance),
            "street": str(instance.street or ""),
        },
    )


@receiver(post_delete, sender=Membership)
def audit_role_revoked(sender, instance, **kwargs):
    log_action(
        AuditAction.ROLE_REVOKE,
        community=instance.community,
        data={
            "target": instance.user.username,
            "user": instance.user.username,
            "role": instance.role,
            "scope": _scope(instance),
            "street": str(instance.street or ""),
        },
    )


# Account changes: creation, the administrative flags, activation, the password (never its hash), deletion.
WATCHED = ("is_active", "is_superuser", "is_system_admin", "is_staff", "username", "password")


@receiver(pre_save, sender=User)
def remember_account(sender, instance, **kwargs):
    instance._stored = User.objects.filter(pk=instance.pk).values(*WATCHED).first() if instance.pk else None
    if instance._stored is not None:
        instance._was_active = instance._stored["is_active"]


@receiver(post_save, sender=User)
def audit_account(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # every login touches last_login; the login itself is audited
    target = {"target": instance.username}
    if created:
        flags = {
            flag: True for flag in ("is_superuser", "is_system_admin", "is_staff") if getattr(instance, flag)
        }
        log_action(AuditAction.ACCOUNT_CREATE, obj=instance, data={**target, **flags})
        return
    stored = getattr(instance, "_stored", None) or {}
    changed = {
        name: [stored.get(name), getattr(instance, name)]
        for name in WATCHED
        if name != "password" and name in stored and stored[name] != getattr(instance, name)
    }
    if changed:
        log_action(AuditAction.ACCOUNT_CHANGE, obj=instance, data={**target, "changed": changed})
    if "password" in stored and stored["password"] != instance.password:
        action = (
            AuditAction.ACCOUNT_PASSWORD_RESET
            if instance.password_set_by_id
            else AuditAction.ACCOUNT_PASSWORD_CHANGE
        )
        log_action(action, obj=instance, data=target)


@receiver(post_delete, sender=User)
def audit_account_deleted(sender, instance, **kwargs):
    log_action(AuditAction.ACCOUNT_DELETE, data={"target": instance.username, "id": instance.pk})


@receiver(post_save)
@receiver(post_delete)
def ledger_row_changed(sender, instance, **kwargs):
    """A row of a ledger app saved or deleted: its community's dashboards are stale (ledger_versions)."""
    if sender._meta.app_label in LEDGER_APPS:
        ledger_changed(getattr(instance, "community_id", None))


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=Community)
@receiver(post_delete, sender=Community)
@receiver(post_save, sender=StreetOffice)
@receiver(post_delete, sender=StreetOffice)
def forget_cached_access(sender, **kwargs):
    """Every user's cached access and community list (community.access) is read again after a change of a
    membership, community or street office: a revoked role stops working at the next request."""
    forget(ACCESS_SCOPE)
