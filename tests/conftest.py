import os

# Settings read the environment at import; a bare `pytest` (outside scripts/test) gets
# the same safe defaults the test script sets.
os.environ.setdefault("SECRET_KEY", "test-only-secret")
os.environ.setdefault("ANNALS_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var",
                                                     "test-sqlite"))

import pytest


@pytest.fixture
def seeded(db):
    """The seed data, loaded as `manage.py load_seeds` loads it."""
    from seeds.loading import load_seed_file

    load_seed_file()


@pytest.fixture
def editor(db, django_user_model):
    from events.roles import ensure_editors_group

    user = django_user_model.objects.create_user("edith", password="correct horse battery",
                                                 is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
