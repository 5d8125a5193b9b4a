from .models import Contest


def current_contest(request):
    """The edition every public page is about; cached on the request so a page asks once."""
    if not hasattr(request, "_current_contest"):
        request._current_contest = Contest.objects.current()
    return {"contest": request._current_contest}
