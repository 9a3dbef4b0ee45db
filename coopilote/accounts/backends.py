from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from coopilote.accounts.models import User


class EmailBackend(ModelBackend):
    """E-mail login, case-insensitive; the same work whether or not the account exists."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email=email)
        except User.DoesNotExist:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
