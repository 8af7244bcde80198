def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_officer": False, "is_reviewer": False}
    return {"is_officer": user.is_officer, "is_reviewer": user.is_reviewer}
