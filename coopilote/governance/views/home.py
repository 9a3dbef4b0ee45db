from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coopilote.governance import home as overview


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/home.html", overview.context(request))
