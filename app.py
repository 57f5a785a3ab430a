"""The Assessment Library: a Chalice app made of blueprints."""

from chalice import Chalice

from chalicelib.api import api
from chalicelib.assets import assets
from chalicelib.edges import edges
from chalicelib.embed import embed
from chalicelib.site import site

app = Chalice(app_name="assessment-library")
app.api.binary_types = []  # every answer is text (JSON, HTML, JS, CSS); Chalice checks each response against this list
app.register_blueprint(api)
app.register_blueprint(assets)
app.register_blueprint(embed)
app.register_blueprint(site)
app.register_blueprint(edges)
