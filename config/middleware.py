from django.conf import settings
from django.utils import translation


class LanguageCookieMiddleware:
    """Indonesian for everyone unless the user chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language and
    show an English-language phone a half-translated page; here only the
    language cookie set by the language switcher counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
