from django.contrib.auth.forms import PasswordChangeForm
from django.utils import timezone


class ChinesePasswordChangeForm(PasswordChangeForm):
    """Records when the password was changed (the 90-day rule reads it)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.password_changed_at = timezone.now()
        if commit:
            user.save()
        return user
