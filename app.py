"""The Assessment Library: a Chalice app made of blueprints."""

from chalice import Chalice

from chalicelib.api import api

app = Chalice(app_name="assessment-library")
app.register_blueprint(api)
