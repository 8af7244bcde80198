from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.forms import TextLimitsMixin

from .access import Action, actions_for, assignable_officers, permitted_actions
from .models import EarlyWarning

STATE_OF_ACTION = {
    Action.NOTE: "",
    Action.ACKNOWLEDGE: EarlyWarning.State.DIAKUI,
    Action.HANDLE: EarlyWarning.State.DITANGANI,
    Action.CLOSE: EarlyWarning.State.DITUTUP,
}


class WarningActionForm(TextLimitsMixin, forms.Form):
    """One form for every step; which steps it offers depends on the state and the user's permissions,
    and the rules of each step live in services.change_warning."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    # Not a ChoiceField of the steps the page offered: a step sent from a page the warning has moved on
    # from is told as a stale page (409) by services.change_warning, not as an unknown choice.
    action = forms.CharField(label=_("Langkah"), widget=forms.RadioSelect)
    assignee = forms.ModelChoiceField(
        label=_("Petugas yang menangani"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— ditangani tanpa petugas khusus —"),
    )
    outcome = forms.ChoiceField(
        label=_("Hasil"),
        required=False,
        choices=[("", _("— pilih hasil —"))] + [(o.value, o.label) for o in EarlyWarning.CLOSING_OUTCOMES],
        help_text=_("Wajib untuk menutup."),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang dilihat atau dilakukan; wajib untuk catatan dan saat menutup."),
    )

    def __init__(self, *args, warning, user, **kwargs):
        self.actions = actions_for(user, warning)
        self.permitted = permitted_actions(user)
        first = self.actions[0][0] if self.actions else ""
        kwargs.setdefault("initial", {"version": warning.version, "action": first, "assignee": warning.assignee_id})
        super().__init__(*args, **kwargs)
        if len(self.actions) == 1:
            # Nothing to choose: the one step (a note) is taken by sending the form.
            self.fields["action"].widget = forms.HiddenInput()
        else:
            self.fields["action"].widget.choices = self.actions
        self.fields["assignee"].queryset = assignable_officers(warning)
        if Action.HANDLE not in self.permitted:
            del self.fields["assignee"]
        if Action.CLOSE not in self.permitted:
            del self.fields["outcome"]

    def clean_action(self):
        action = self.cleaned_data["action"]
        if action not in self.permitted:
            raise forms.ValidationError(_("Langkah ini tidak dapat Anda ambil."))
        return action

    @property
    def state(self):
        return STATE_OF_ACTION[self.cleaned_data["action"]]
