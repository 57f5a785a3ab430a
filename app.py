"""The Assessment Library: a Chalice app made of blueprints."""

from chalice import Chalice

from chalicelib.bootstrap import bootstrap
from chalicelib.web.api import api
from chalicelib.web.assets import assets
from chalicelib.web.embed import embed
from chalicelib.web.middleware import edges
from chalicelib.web.site import site

app = Chalice(app_name="assessment-library")
app.api.binary_types = []  # every answer is text (JSON, HTML, JS, CSS); Chalice checks each response against this list
bootstrap()  # the content the blueprints serve, handed to the web layer once
app.register_blueprint(api)
app.register_blueprint(assets)
app.register_blueprint(embed)
app.register_blueprint(site)
app.register_blueprint(edges)
