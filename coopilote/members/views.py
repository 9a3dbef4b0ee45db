from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def cooperative_list(request: HttpRequest) -> HttpResponse:
    return render(request, "members/cooperative_list.html")


def switch_union(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def cooperative_detail(request: HttpRequest, pk: str) -> HttpResponse:
    raise NotImplementedError


def cooperative_edit(request: HttpRequest, pk: str) -> HttpResponse:
    raise NotImplementedError
