"""The keys pages: the performance team sets the organisation's key, and a measure's own where
it differs, from a key file written in a text box or uploaded, or field by field in a form
(docs/keys.md)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yardstick.accounts.access import performance_team_required
from yardstick.core import palette
from yardstick.core.keys import bundled_key_text, key_fields, read_key
from yardstick.core.ratings import rating_key
from yardstick.measures.key_forms import (
    ORGANISATION,
    BandFormSet,
    KeyFieldsForm,
    RatingKeyForm,
    key_file_of,
    rearranged,
)
from yardstick.measures.key_services import KeyRefused, remove_rating_key, set_rating_key
from yardstick.measures.models import Measure, RatingKey
from yardstick.organisations.models import Organisation


def printed_key(row: RatingKey) -> list[dict]:
    """The key as pages print it: each band's code, shape, label, meaning and colours."""
    key = read_key(row.text)
    meanings = dict(rating_key(key))
    return [
        {
            "band": band.band,
            "shape": band.band.shape,
            "label": band.title,
            "meaning": meanings[band.band],
            "css": palette.band_class(band.band),
        }
        for band in key.bands
    ]


@performance_team_required
def keys_page(request: HttpRequest) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=request.access.organisation_id)
    measures = list(Measure.objects.filter(organisation=organisation).order_by("code"))
    rows = list(RatingKey.objects.filter(organisation=organisation).select_related("measure"))
    own = next((row for row in rows if row.measure_id is None), None)
    form = RatingKeyForm(request.POST or None, request.FILES or None, measures=measures)
    if request.method == "POST" and form.is_valid():
        measure = form.cleaned_data["measure"]
        try:
            set_rating_key(organisation, form.cleaned_data["key_text"], request.user, measure)
        except KeyRefused as refused:
            form.add_error(None, str(refused))
        else:
            whose = f"{measure.code}'s own key" if measure else "The organisation's key"
            messages.success(request, f"{whose} is set.")
            return redirect("rating_keys:page")
    if not form.is_bound:
        form.initial["text"] = own.text if own else bundled_key_text("five-band")
    return render(
        request,
        "measures/keys.html",
        {
            "form": form,
            "organisation_key": own,
            "organisation_printed": printed_key(own) if own else [],
            "measure_keys": [
                {"row": row, "printed": printed_key(row)} for row in rows if row.measure_id
            ],
        },
    )


@performance_team_required
@require_POST
def remove_key(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(RatingKey, pk=pk, organisation_id=request.access.organisation_id)
    remove_rating_key(row, request.user)
    messages.success(request, f"The key '{row.name}' is removed.")
    return redirect("rating_keys:page")


@performance_team_required
def key_form(request: HttpRequest) -> HttpResponse:
    """A key field by field, opened filled from the key it sets (``?whose=`` a measure's code,
    or the organisation's), or from the organisation's key or the five-band key when there is
    none; "Add a band" shows one more, "Move up one place" swaps a band with the one above;
    set through the same service and rule as a key file."""
    organisation = get_object_or_404(Organisation, pk=request.access.organisation_id)
    measures = list(Measure.objects.filter(organisation=organisation).order_by("code"))
    rows = RatingKey.objects.filter(organisation=organisation).select_related("measure")
    keys = {row.measure.code if row.measure_id else ORGANISATION: row for row in rows}
    if request.method == "POST":
        form = KeyFieldsForm(request.POST, measures=measures)
        moved = rearranged(request.POST)
        bands = BandFormSet(moved or request.POST, prefix="bands")
        text = None if moved else key_file_of(form, bands)
        if text is not None:
            measure = form.cleaned_data["measure"]
            try:
                set_rating_key(organisation, text, request.user, measure)
            except KeyRefused as refused:  # e.g. the measure is no longer there
                form.add_error(None, str(refused))
            else:
                whose = f"{measure.code}'s own key" if measure else "The organisation's key"
                messages.success(request, f"{whose} is set.")
                return redirect("rating_keys:page")
        whose = request.POST.get("whose", ORGANISATION)
        if "add_band" in request.POST and bands.forms:
            bands.forms[-1].fields["code"].widget.attrs["autofocus"] = True
    else:
        whose = request.GET.get("whose", ORGANISATION)
        if whose != ORGANISATION and whose not in {measure.code for measure in measures}:
            raise Http404("No such measure")
        row = keys.get(whose) or keys.get(ORGANISATION)
        key = read_key(row.text if row else bundled_key_text("five-band"))
        fields, band_fields = key_fields(key)
        form = KeyFieldsForm(initial={"whose": whose, **fields}, measures=measures)
        bands = BandFormSet(initial=band_fields, prefix="bands")
    measure = form.measures.get(whose)
    return render(
        request,
        "measures/key_form.html",
        {
            "form": form,
            "bands": bands,
            "measure": measure,
            "own": keys.get(whose),
            "whose_choices": form.fields["whose"].choices,
            "whose": whose,
        },
    )
