"""Importing cooperatives from a spreadsheet: upload, the checking report, apply, progress.

Union staff only, into their current union (never a posted one).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.directory import profile
from coopilote.directory.importing import jobs, text
from coopilote.directory.importing.forms import ImportForm
from coopilote.directory.models import ImportJob
from coopilote.members.current import managed_regional_union


def _job(request: HttpRequest, pk: Any, action: str = "view") -> ImportJob:
    queryset = ImportJob.objects.defer("content").select_related("union", "created_by")
    return get_object_for(request.user, queryset, action, pk=pk)


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    union = managed_regional_union(request)
    imports = ImportJob.objects.filter(union=union).defer("content").select_related("created_by")
    context = {
        "union": union,
        "imports": imports[:50],
        # The directory's other staff pages start here (the menu has no room for them).
        "pending_corrections": profile.reviewable_corrections(request.user).pending().count(),
    }
    return render(request, "directory/imports/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    union = managed_regional_union(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.create_job(union, request.user, upload.name, b"".join(upload.chunks()))
        return redirect("directory:import_detail", pk=job.pk)
    return render(request, "directory/imports/new.html", {"union": union, "form": form})


def _context(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "running": jobs.is_running(job),
        "errors": text.error_lines(job.report),
        "summary": text.summary(job.report, applied=job.status == ImportJob.Status.DONE)
        if job.status in (ImportJob.Status.CHECKED, ImportJob.Status.DONE)
        else "",
    }


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "directory/imports/detail.html", _context(job))


@login_required
@require_POST
def import_apply(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job(request, pk, "apply")
    if jobs.request_apply(job, request.user):
        messages.success(request, _("The import is being applied."))
    else:
        messages.error(request, _("Only a checked file with no error can be applied, once."))
    return redirect("directory:import_detail", pk=job.pk)


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: Any) -> HttpResponse:
    """The progress bar, polled by htmx while the job runs; then the whole page reloads."""
    job = _job(request, pk)
    response = render(request, "directory/imports/progress.html", _context(job))
    if getattr(request, "htmx", False) and not jobs.is_running(job):
        response["HX-Refresh"] = "true"
    return response
