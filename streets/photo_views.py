"""A whistle's photo, for those who can see the whistle, or (a check-in photo) a ticket it was blown
for (others: 404; signed out: the login page)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View

from streets.photos import photo_content_type
from streets.selectors import visible_whistle_photos
from uploads.serving import protected_file_response


class WhistlePhotoView(LoginRequiredMixin, View):
    """Served as the image type its bytes announced, never as what its name claims."""

    def get(self, request, pk):
        photo = get_object_or_404(visible_whistle_photos(request.user), pk=pk)
        content_type = photo_content_type(photo)
        if content_type is None:
            raise Http404
        return protected_file_response(
            file=photo.file, content_type=content_type, original_name=photo.original_name
        )
