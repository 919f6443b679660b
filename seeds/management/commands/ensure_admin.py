"""Make sure a local administrator exists and print how to log in (scripts/run calls it).

The password is generated on first use and kept in var/admin-password, outside git,
so that every run can print a login that works.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local 'admin' superuser if needed and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        password_file = settings.VAR_DIR / "admin-password"
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        known = password_file.read_text().strip() if password_file.exists() else ""
        if user is None:
            known = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(username, "", known)
            password_file.write_text(known + "\n")
            password_file.chmod(0o600)
        elif not known or not user.check_password(known):
            self.stdout.write(
                f"Admin user '{username}' exists with a password set elsewhere "
                f"(reset it with: manage.py changepassword {username})."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: http://127.0.0.1:8000/admin/  user: {username}  password: {known}"
            )
        )
